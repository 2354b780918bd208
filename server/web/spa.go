package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// spaHandler serves the embedded console: its files (hashed assets cached for a year), and
// index.html for every other path so that deep links work. Text files of 1 KB or more are sent
// gzip-compressed to clients that accept it; every file has an ETag, which differs between the
// two encodings. Vite's build metadata (.vite/, the manifest) is not served.
func spaHandler(dist fs.FS) http.Handler {
	files := consoleFiles(dist)
	index := files["index.html"]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			WriteError(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p != "" && p != "index.html" {
			if f := files[p]; f != nil {
				if strings.HasPrefix(p, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				f.serve(w, r)
				return
			}
			if strings.HasPrefix(p, "assets/") || path.Ext(p) != "" {
				http.NotFound(w, r)
				return
			}
		}
		if index == nil {
			http.Error(w, "the console is not built: run make build", http.StatusNotFound)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		index.serve(w, r)
	})
}

// buildMetadata is the directory of dist that Vite writes for build tools, not for browsers.
const buildMetadata = ".vite"

// consoleFiles lists the files of dist that the console serves, by path. Their contents are
// read on first request.
func consoleFiles(dist fs.FS) map[string]*consoleFile {
	files := map[string]*consoleFile{}
	// A dist that cannot be read (no console built) serves no files.
	_ = fs.WalkDir(dist, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && p == buildMetadata:
			return fs.SkipDir
		case d.Type().IsRegular():
			files[p] = &consoleFile{fsys: dist, name: p}
		}
		return nil
	})
	return files
}

// gzipMinSize is the size under which a file is sent as it is: gzip's header and the extra
// round of decoding cost more than the bytes it would save.
const gzipMinSize = 1024

// compressible lists the extensions of the files worth compressing: text, and fonts that are
// not compressed already (woff2 and images are).
var compressible = map[string]bool{
	".css": true, ".html": true, ".js": true, ".json": true, ".map": true, ".mjs": true,
	".svg": true, ".ttf": true, ".txt": true, ".xml": true,
}

// consoleFile is one file of the console. The embedded files never change, so each is read,
// hashed and compressed once, on its first request, and kept in memory.
type consoleFile struct {
	fsys fs.FS
	name string

	once   sync.Once
	err    error
	ctype  string
	body   []byte
	etag   string
	gz     []byte // nil when the file is sent as it is only
	gzETag string
}

func (f *consoleFile) load() error {
	f.once.Do(func() {
		body, err := fs.ReadFile(f.fsys, f.name)
		if err != nil {
			f.err = err
			return
		}
		f.body = body
		// As http.FileServer does: by extension, else by sniffing.
		if f.ctype = mime.TypeByExtension(path.Ext(f.name)); f.ctype == "" {
			f.ctype = http.DetectContentType(body)
		}
		sum := sha256.Sum256(body)
		tag := hex.EncodeToString(sum[:8])
		f.etag = `"` + tag + `"`
		if len(body) < gzipMinSize || !compressible[path.Ext(f.name)] {
			return
		}
		if gz, err := gzipBytes(body); err == nil && len(gz) < len(body) {
			f.gz, f.gzETag = gz, `"`+tag+`-gzip"`
		}
	})
	return f.err
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
	_, err := zw.Write(b)
	err = errors.Join(err, zw.Close())
	return buf.Bytes(), err
}

// serve answers GET and HEAD for f, conditional requests and ranges included. The caller sets
// Cache-Control.
func (f *consoleFile) serve(w http.ResponseWriter, r *http.Request) {
	if err := f.load(); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	body, etag := f.body, f.etag
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		// A range is a range of the file as it is: the simplest answer that is always right
		// (If-Range with the gzip ETag then gets the whole file).
		if r.Header.Get("Range") == "" && acceptsGzip(r.Header.Values("Accept-Encoding")) {
			body, etag = f.gz, f.gzETag
			h.Set("Content-Encoding", "gzip")
			// ServeContent leaves Content-Length out once Content-Encoding is set.
			h.Set("Content-Length", strconv.Itoa(len(body)))
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding values admit gzip: named (or as x-gzip), or
// else matched by "*", with a q-value above 0. A q-value that does not parse counts as 0.
func acceptsGzip(values []string) bool {
	gz, star := -1.0, -1.0 // the q-values given, -1 when none is
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(item, ";")
			q := 1.0
			for _, param := range strings.Split(params, ";") {
				k, v, ok := strings.Cut(param, "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
					continue
				}
				var err error
				if q, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil || !(q >= 0 && q <= 1) {
					q = 0
				}
			}
			switch strings.ToLower(strings.TrimSpace(coding)) {
			case "gzip", "x-gzip":
				gz = max(gz, q)
			case "*":
				star = max(star, q)
			}
		}
	}
	if gz >= 0 {
		return gz > 0
	}
	return star > 0
}
