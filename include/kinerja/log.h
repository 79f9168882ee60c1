/* JSON-lines logging to stderr. Owner: core. Thread-safe (one fprintf per line). */
#ifndef KINERJA_LOG_H
#define KINERJA_LOG_H
#include <stddef.h>

/* Log a message at level ("info", "warn", "error"); msg is escaped as a JSON string. */
void kn_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One access-log line: method, path, status, duration in microseconds, request id, subject. */
void kn_log_access(const char *method, const char *path, long status, long usec,
                   const char *request_id, const char *subject);

/* Append s to buf (cap bytes) as JSON string contents, escaping quotes/control chars.
 * Returns the new length; truncates safely. */
size_t kn_log_json_escape(char *buf, size_t cap, size_t len, const char *s);
#endif
