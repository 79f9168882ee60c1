-- jenjang_jf stores the codes of the reference list jenjang_jf (src/domain/referensi.c, the keys
-- of angka_kredit_koefisien). Earlier releases stored any text, so a pegawai entered as
-- "Ahli Pertama" (the example of the API document) got no angka kredit. The official names (and
-- codes in another case or spacing) become their codes; any other value is kept as it is, so
-- K20 keeps reporting it instead of it silently disappearing. Audited like any update (actor
-- system:<owner>). Owner: organisation module.
UPDATE pegawai p SET jenjang_jf = m.kode
  FROM (VALUES ('pemula', 'PEMULA'), ('terampil', 'TERAMPIL'), ('mahir', 'MAHIR'), ('penyelia', 'PENYELIA'),
               ('pertama', 'PERTAMA'), ('muda', 'MUDA'), ('madya', 'MADYA'), ('utama', 'UTAMA'),
               ('ahli pertama', 'PERTAMA'), ('ahli muda', 'MUDA'), ('ahli madya', 'MADYA'), ('ahli utama', 'UTAMA'))
       AS m(nama, kode)
 WHERE lower(regexp_replace(btrim(p.jenjang_jf), '\s+', ' ', 'g')) = m.nama
   AND p.jenjang_jf IS DISTINCT FROM m.kode;
