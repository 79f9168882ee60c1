/* Example front end for the Kinerja API (examples/browser). Owner: platform (issue 21).
 * Shows how a page on another origin uses the API: Bearer token in Authorization (no cookies,
 * so no credentials mode), problem+json errors shown with their code and request id, ETag kept
 * from GET and sent back as If-Match, 412 handled by offering the current version, and an
 * authenticated SVG fetched as a blob. A fetch that the browser blocks (origin not in
 * KINERJA_CORS_ORIGINS) rejects with a TypeError and no response: the page says so.
 * The form may be prefilled from the URL fragment: #api=...&tahun=...&token=... (a fragment is
 * never sent to any server). */
"use strict";
const $ = id => document.getElementById(id);
const state = {skp: null, etag: null};

function api(path, opts = {}) {
  const headers = Object.assign({Authorization: "Bearer " + $("token").value.trim(),
                                 "Accept-Language": "id"}, opts.headers || {});
  return fetch($("api").value.replace(/\/+$/, "") + path, Object.assign({}, opts, {headers, mode: "cors"}));
}

class ApiError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem.code || ""}: ${problem.title || ""} — ${problem.detail || ""}`);
    this.status = status;
    this.problem = problem;
  }
}

/* The body of a successful answer, or an ApiError carrying the problem+json. */
async function expectOk(res, kind = "json") {
  if (res.ok) return kind === "blob" ? res.blob() : res.json();
  let problem = {};
  try { problem = await res.json(); } catch (e) { problem = {title: res.statusText}; }
  throw new ApiError(res.status, problem);
}

function say(el, cls, text) {
  el.className = cls;
  el.textContent = text;
}

function explain(err) {
  if (err instanceof ApiError)
    return `Galat ${err.message}` + (err.problem.request_id ? ` (request_id ${err.problem.request_id})` : "");
  /* no response at all: network down or the browser's CORS check refused it */
  return `Tidak dapat menghubungi API (${err.message}). Bila API berjalan, origin halaman ini ` +
         `(${location.origin}) mungkin tidak ada di KINERJA_CORS_ORIGINS.`;
}

function cell(tr, text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  tr.appendChild(td);
  return td;
}

async function loadList() {
  say($("pesan"), "", "Memuat…");
  $("daftar").hidden = true;
  try {
    const page = await expectOk(await api(`/v1/skp?tahun=${encodeURIComponent($("tahun").value)}&limit=50`));
    const body = $("daftar-isi");
    body.replaceChildren();
    for (const s of page.items) {
      const tr = document.createElement("tr");
      tr.dataset.skp = s.id;
      [s.id, s.nip, s.nama, s.tahun, s.status].forEach(v => cell(tr, v));
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Lihat";
      b.className = "lihat";
      b.addEventListener("click", () => showSkp(s.id));
      cell(tr, "").appendChild(b);
      body.appendChild(tr);
    }
    $("daftar").hidden = false;
    say($("pesan"), "ok", `${page.items.length} SKP ditemukan.`);
  } catch (err) {
    say($("pesan"), "galat", explain(err));
  }
}

async function showSkp(id) {
  say($("hasil-simpan"), "", "");
  try {
    const res = await api(`/v1/skp/${id}`);
    const skp = await expectOk(res);
    state.skp = skp;
    state.etag = res.headers.get("ETag"); /* readable because the API exposes it */
    $("etag").textContent = state.etag || "(tidak terbaca)";
    $("rinci-judul").textContent = `SKP ${skp.id} — ${skp.pegawai ? skp.pegawai.nama : ""}`;
    const dl = $("rinci-data");
    dl.replaceChildren();
    for (const [k, v] of [["NIP", skp.pegawai && skp.pegawai.nip], ["Jabatan", skp.jabatan], ["Status", skp.status],
                          ["Pendekatan", skp.pendekatan], ["Periode", `${skp.periode_awal} s.d. ${skp.periode_akhir}`],
                          ["Versi", skp.version]]) {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k;
      dd.textContent = v == null ? "" : String(v);
      dd.dataset.field = k.toLowerCase();
      dl.append(dt, dd);
    }
    const ol = $("rhk");
    ol.replaceChildren();
    for (const r of skp.rhk || []) {
      const li = document.createElement("li");
      li.className = "rhk";
      li.textContent = `[${r.jenis_rhk}] ${r.uraian}`;
      const ul = document.createElement("ul");
      for (const ind of r.indikator || []) {
        const x = document.createElement("li");
        x.className = "indikator";
        const target = ind.target_teks || `${ind.target_min}–${ind.target_max} ${ind.satuan || ""}`;
        x.textContent = `${ind.aspek || ""} ${ind.uraian}: ${target}`;
        ul.appendChild(x);
      }
      li.appendChild(ul);
      ol.appendChild(li);
    }
    $("pendekatan").value = skp.pendekatan;
    $("rinci").hidden = false;
    $("dist-unor").value = skp.unor_id;
    $("distribusi").hidden = false;
    await showDistribusi();
  } catch (err) {
    say($("pesan"), "galat", explain(err));
  }
}

async function save(ev) {
  ev.preventDefault();
  const out = $("hasil-simpan");
  try {
    const res = await api(`/v1/skp/${state.skp.id}`, {
      method: "PATCH",
      headers: {"Content-Type": "application/json", "If-Match": state.etag},
      body: JSON.stringify({pendekatan: $("pendekatan").value}),
    });
    if (res.status === 412) {
      const problem = await res.json();
      say(out, "galat", `Konflik versi (412 ${problem.code}): ${problem.detail} — SKP diubah pihak lain sejak ` +
                        `dimuat (If-Match ${state.etag}). Muat ulang untuk melihat versi terbaru.`);
      out.dataset.status = "412";
      const again = document.createElement("button");
      again.type = "button";
      again.id = "muat-ulang";
      again.textContent = "Muat ulang";
      again.addEventListener("click", () => showSkp(state.skp.id));
      out.appendChild(again);
      return;
    }
    await expectOk(res);
    state.etag = res.headers.get("ETag");
    $("etag").textContent = state.etag;
    out.dataset.status = String(res.status);
    say(out, "ok", `Tersimpan. ETag baru ${state.etag}.`);
  } catch (err) {
    out.dataset.status = err.status ? String(err.status) : "network";
    say(out, "galat", explain(err));
  }
}

async function showDistribusi(ev) {
  if (ev) ev.preventDefault();
  const q = `tahun=${encodeURIComponent($("tahun").value)}&jenis=${$("dist-jenis").value}&nomor=${encodeURIComponent($("dist-nomor").value)}`;
  try {
    const blob = await expectOk(await api(`/v1/unor/${encodeURIComponent($("dist-unor").value)}/distribusi.svg?${q}`), "blob");
    const img = $("dist-svg");
    if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
    img.onload = () => say($("dist-ket"), "ok", `Grafik distribusi (${blob.type}, ${blob.size} byte) dimuat.`);
    img.src = URL.createObjectURL(blob);
  } catch (err) {
    say($("dist-ket"), "galat", explain(err));
  }
}

$("login").addEventListener("submit", ev => { ev.preventDefault(); loadList(); });
$("ubah").addEventListener("submit", save);
$("dist-form").addEventListener("submit", showDistribusi);

const pre = new URLSearchParams(location.hash.slice(1));
$("api").value = pre.get("api") || $("api").value;
$("tahun").value = pre.get("tahun") || new Date().getFullYear();
if (pre.get("token")) { $("token").value = pre.get("token"); loadList(); }
