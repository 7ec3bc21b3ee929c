"""How the report notebook hands its results to `sef report`: notebook outputs under sefkit's own MIME
types. Spelled here once, in a module that imports nothing, so a batch worker can read them without
loading pandas or altair (present.report writes them; publish.batch and publish.outputs read them)."""

SCORECARD_MIME = "application/vnd.sefkit.scorecard+json"   # the published scorecard (JSON)
WORD_MIME = "application/vnd.sefkit.docx+base64"           # the Word report, base64
