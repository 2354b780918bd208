package web

import (
	"embed"
	"net/http"
)

// openAPIPath is where the machine API's OpenAPI document is served, to anyone: it describes
// the API, it grants nothing.
const openAPIPath = "/api/v1/openapi.json"

//go:embed openapi.json
var openAPIFS embed.FS

// openAPI serves the machine API's OpenAPI 3.1 document as the console's files are served:
// an ETag (If-None-Match answers 304), gzip for clients that accept it, and no-cache, since
// its name stays the same when an upgrade changes it.
func openAPI() http.Handler {
	doc := &consoleFile{fsys: openAPIFS, name: "openapi.json"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			WriteError(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
			return
		}
		// API tools running in a browser on another origin may read it: it is public.
		publicDocument(w.Header(), "no-cache")
		doc.serve(w, r)
	})
}
