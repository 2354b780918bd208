package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// testConsole is a built console in miniature: an index.html and assets large enough to be
// compressed, others that are not (too small, or a compressed format), and Vite's manifest.
func testConsole() fstest.MapFS {
	page := "<!doctype html><title>Keyward</title>\n<!-- " + strings.Repeat("padding ", 200) + "-->\n"
	return fstest.MapFS{
		"index.html":               {Data: []byte(page)},
		"favicon.svg":              {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"assets/index-abc.js":      {Data: []byte(strings.Repeat("export const greeting = 'hello';\n", 400))},
		"assets/index-abc.css":     {Data: []byte(strings.Repeat(".a{color:red}\n", 200))},
		"assets/tiny-abc.js":       {Data: []byte("console.log(1)")},
		"assets/logo-abc.png":      {Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000)},
		".vite/manifest.json":      {Data: []byte(`{"index.html":{"file":"assets/index-abc.js","isEntry":true}}` + strings.Repeat(" ", 2000))},
		".vite/ssr-manifest.json":  {Data: []byte(`{}`)},
		"assets/nested/worker.mjs": {Data: []byte(strings.Repeat("self.onmessage = () => {};\n", 100))},
	}
}

type spaRequest struct {
	method, path string
	header       map[string]string
}

func (q spaRequest) do(h http.Handler) *httptest.ResponseRecorder {
	method := q.method
	if method == "" {
		method = http.MethodGet
	}
	r := httptest.NewRequest(method, q.path, nil)
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := gunzipBytes(b)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

func gunzipBytes(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func TestSPAGzip(t *testing.T) {
	dist := testConsole()
	h := securityHeaders(spaHandler(dist))
	js := dist["assets/index-abc.js"].Data

	plain := spaRequest{path: "/assets/index-abc.js"}.do(h)
	gz := spaRequest{path: "/assets/index-abc.js", header: map[string]string{"Accept-Encoding": "gzip, deflate, br"}}.do(h)

	t.Run("case=identity", func(t *testing.T) {
		if plain.Code != 200 || !bytes.Equal(plain.Body.Bytes(), js) {
			t.Fatalf("%d, %d bytes", plain.Code, plain.Body.Len())
		}
		want := map[string]string{
			"Content-Encoding": "",
			"Content-Length":   strconv.Itoa(len(js)),
			"Content-Type":     "text/javascript; charset=utf-8",
			"Cache-Control":    "public, max-age=31536000, immutable",
			"Vary":             "Accept-Encoding",
		}
		for k, v := range want {
			if got := plain.Header().Get(k); got != v {
				t.Errorf("%s: %q, want %q", k, got, v)
			}
		}
		if plain.Header().Get("ETag") == "" {
			t.Error("no ETag")
		}
	})

	t.Run("case=gzip", func(t *testing.T) {
		if gz.Code != 200 || gz.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%d %q", gz.Code, gz.Header().Get("Content-Encoding"))
		}
		if got := gunzip(t, gz.Body.Bytes()); !bytes.Equal(got, js) {
			t.Errorf("decompressed body differs from the file (%d bytes, want %d)", len(got), len(js))
		}
		if n := gz.Header().Get("Content-Length"); n != strconv.Itoa(gz.Body.Len()) || gz.Body.Len() >= len(js) {
			t.Errorf("Content-Length %s, body %d bytes, file %d bytes", n, gz.Body.Len(), len(js))
		}
		for _, k := range []string{"Content-Type", "Cache-Control", "Vary", "X-Content-Type-Options", "Content-Security-Policy"} {
			if gz.Header().Get(k) != plain.Header().Get(k) || gz.Header().Get(k) == "" {
				t.Errorf("%s: %q, identity has %q", k, gz.Header().Get(k), plain.Header().Get(k))
			}
		}
		if e := gz.Header().Get("ETag"); e == "" || e == plain.Header().Get("ETag") {
			t.Errorf("gzip ETag %q, identity ETag %q", e, plain.Header().Get("ETag"))
		}
	})

	t.Run("case=accept-encoding", func(t *testing.T) {
		for ae, want := range map[string]bool{
			"":                                false,
			"gzip":                            true,
			"GZip":                            true,
			"x-gzip":                          true,
			"br, gzip;q=0.8":                  true,
			"gzip; q=0.001":                   true,
			"gzip;q=1.0":                      true,
			"gzip;q=0":                        false,
			"gzip; Q=0.000, deflate":          false,
			"gzip;q=0, *":                     false,
			"*":                               true,
			"*;q=0":                           false,
			"br, *;q=0.1":                     true,
			"identity":                        false,
			"deflate, br, zstd":               false,
			"gzip;q=abc":                      false,
			"gzip;q=2":                        false,
			"identity;q=1, gzip;q=0.5, *;q=0": true,
		} {
			w := spaRequest{path: "/assets/index-abc.js", header: map[string]string{"Accept-Encoding": ae}}.do(h)
			if got := w.Header().Get("Content-Encoding") == "gzip"; got != want || w.Code != 200 {
				t.Errorf("Accept-Encoding %q: %d, gzip %v, want %v", ae, w.Code, got, want)
			}
		}
		// Several Accept-Encoding lines are one list.
		r := httptest.NewRequest(http.MethodGet, "/assets/index-abc.js", nil)
		r.Header.Add("Accept-Encoding", "br")
		r.Header.Add("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("two Accept-Encoding lines: %q", w.Header().Get("Content-Encoding"))
		}
	})

	t.Run("case=head", func(t *testing.T) {
		for _, get := range []*httptest.ResponseRecorder{plain, gz} {
			ae := map[string]string{"Accept-Encoding": get.Header().Get("Content-Encoding")}
			head := spaRequest{method: http.MethodHead, path: "/assets/index-abc.js", header: ae}.do(h)
			if head.Code != 200 || head.Body.Len() != 0 {
				t.Errorf("HEAD %v: %d, %d bytes of body", ae, head.Code, head.Body.Len())
			}
			for _, k := range []string{"Content-Encoding", "Content-Length", "Content-Type", "ETag", "Cache-Control", "Vary"} {
				if head.Header().Get(k) != get.Header().Get(k) {
					t.Errorf("HEAD %v: %s %q, GET has %q", ae, k, head.Header().Get(k), get.Header().Get(k))
				}
			}
		}
	})

	t.Run("case=if-none-match", func(t *testing.T) {
		plainTag, gzTag := plain.Header().Get("ETag"), gz.Header().Get("ETag")
		for _, c := range []struct {
			ae, tag string
			code    int
		}{
			{"", plainTag, http.StatusNotModified},
			{"", gzTag, http.StatusOK},
			{"gzip", gzTag, http.StatusNotModified},
			{"gzip", plainTag, http.StatusOK},
			{"gzip", plainTag + ", " + gzTag, http.StatusNotModified},
			{"gzip", "W/" + gzTag, http.StatusNotModified},
			{"gzip;q=0", gzTag, http.StatusOK},
		} {
			w := spaRequest{path: "/assets/index-abc.js", header: map[string]string{"Accept-Encoding": c.ae, "If-None-Match": c.tag}}.do(h)
			if w.Code != c.code {
				t.Errorf("Accept-Encoding %q, If-None-Match %s: %d, want %d", c.ae, c.tag, w.Code, c.code)
				continue
			}
			want := plainTag
			if c.ae == "gzip" {
				want = gzTag
			}
			if got := w.Header().Get("ETag"); got != want {
				t.Errorf("Accept-Encoding %q, If-None-Match %s: ETag %q, want %q", c.ae, c.tag, got, want)
			}
			if c.code == http.StatusNotModified {
				if w.Body.Len() != 0 || w.Header().Get("Vary") != "Accept-Encoding" || w.Header().Get("Cache-Control") == "" || w.Header().Get("X-Frame-Options") != "DENY" {
					t.Errorf("304: %d bytes, headers %v", w.Body.Len(), w.Header())
				}
			}
		}
	})

	t.Run("case=range", func(t *testing.T) {
		w := spaRequest{path: "/assets/index-abc.js", header: map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=0-9"}}.do(h)
		if w.Code != http.StatusPartialContent || w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), js[:10]) {
			t.Errorf("range: %d %q %q", w.Code, w.Header().Get("Content-Encoding"), w.Body.String())
		}
		if w.Header().Get("Content-Range") != "bytes 0-9/"+strconv.Itoa(len(js)) || w.Header().Get("ETag") != plain.Header().Get("ETag") {
			t.Errorf("range headers: %v", w.Header())
		}
		// A range of the representation the client holds (the gzip one) no longer applies.
		w = spaRequest{path: "/assets/index-abc.js", header: map[string]string{
			"Accept-Encoding": "gzip", "Range": "bytes=10-", "If-Range": gz.Header().Get("ETag"),
		}}.do(h)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), js) {
			t.Errorf("If-Range with the gzip ETag: %d %q, %d bytes", w.Code, w.Header().Get("Content-Encoding"), w.Body.Len())
		}
	})

	t.Run("case=not compressed", func(t *testing.T) {
		for _, p := range []string{"/assets/tiny-abc.js", "/assets/logo-abc.png", "/favicon.svg"} {
			w := spaRequest{path: p, header: map[string]string{"Accept-Encoding": "gzip"}}.do(h)
			want := dist[strings.TrimPrefix(p, "/")].Data
			if w.Code != 200 || w.Header().Get("Content-Encoding") != "" || w.Header().Get("Vary") != "" || !bytes.Equal(w.Body.Bytes(), want) {
				t.Errorf("%s: %d %q vary %q", p, w.Code, w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
			}
			if w.Header().Get("ETag") == "" {
				t.Errorf("%s: no ETag", p)
			}
		}
		if ct := (spaRequest{path: "/assets/logo-abc.png"}.do(h)).Header().Get("Content-Type"); ct != "image/png" {
			t.Errorf("png Content-Type %q", ct)
		}
	})

	t.Run("case=other compressed files", func(t *testing.T) {
		for _, p := range []string{"/assets/index-abc.css", "/assets/nested/worker.mjs"} {
			w := spaRequest{path: p, header: map[string]string{"Accept-Encoding": "gzip"}}.do(h)
			if w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" || !bytes.Equal(gunzip(t, w.Body.Bytes()), dist[strings.TrimPrefix(p, "/")].Data) {
				t.Errorf("%s: %d %q", p, w.Code, w.Header().Get("Content-Encoding"))
			}
		}
	})
}

func TestSPAIndex(t *testing.T) {
	dist := testConsole()
	h := securityHeaders(spaHandler(dist))
	page := dist["index.html"].Data
	for _, p := range []string{"/", "/index.html", "/users", "/roles/42", "/approve/abc", "/assets", "/.vite/not-a-file"} {
		for _, ae := range []string{"", "gzip"} {
			w := spaRequest{path: p, header: map[string]string{"Accept-Encoding": ae}}.do(h)
			body := w.Body.Bytes()
			if ae == "gzip" {
				body = gunzip(t, body)
			}
			if w.Code != 200 || !bytes.Equal(body, page) || w.Header().Get("Content-Encoding") != ae {
				t.Errorf("%s (Accept-Encoding %q): %d %q", p, ae, w.Code, w.Header().Get("Content-Encoding"))
			}
			if w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("Content-Type") != "text/html; charset=utf-8" || w.Header().Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s (Accept-Encoding %q): headers %v", p, ae, w.Header())
			}
			again := spaRequest{path: p, header: map[string]string{"Accept-Encoding": ae, "If-None-Match": w.Header().Get("ETag")}}.do(h)
			if again.Code != http.StatusNotModified {
				t.Errorf("%s (Accept-Encoding %q) with its ETag: %d", p, ae, again.Code)
			}
		}
	}
	if w := (spaRequest{method: http.MethodPost, path: "/"}).do(h); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: %d", w.Code)
	}
}

func TestSPANotServed(t *testing.T) {
	h := spaHandler(testConsole())
	for _, p := range []string{"/.vite/manifest.json", "/.vite/ssr-manifest.json", "/.vite", "/.vite/", "/assets/missing.js", "/missing.json", "/assets/nested/"} {
		for _, ae := range []string{"", "gzip"} {
			w := spaRequest{path: p, header: map[string]string{"Accept-Encoding": ae}}.do(h)
			if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "isEntry") || strings.Contains(w.Body.String(), "Keyward") {
				t.Errorf("%s: %d %q", p, w.Code, w.Body.String())
			}
		}
	}
	// The manifest is as unknown as a path that never existed.
	unknown := spaRequest{path: "/missing.json"}.do(h)
	manifest := spaRequest{path: "/.vite/manifest.json"}.do(h)
	if unknown.Body.String() != manifest.Body.String() || unknown.Header().Get("Content-Type") != manifest.Header().Get("Content-Type") {
		t.Errorf("manifest answered %q, an unknown path %q", manifest.Body.String(), unknown.Body.String())
	}
}

func TestSPAUnbuilt(t *testing.T) {
	w := spaRequest{path: "/users"}.do(spaHandler(fstest.MapFS{}))
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "make build") {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
}

// The first requests for a file may arrive together: each gets the same, whole answer.
func TestSPAConcurrentFirstRequests(t *testing.T) {
	dist := testConsole()
	h := spaHandler(dist)
	js := dist["assets/index-abc.js"].Data
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			ae := ""
			if i%2 == 0 {
				ae = "gzip"
			}
			w := spaRequest{path: "/assets/index-abc.js", header: map[string]string{"Accept-Encoding": ae}}.do(h)
			body, err := w.Body.Bytes(), error(nil)
			if ae != "" {
				body, err = gunzipBytes(body)
			}
			if w.Code != 200 || err != nil || !bytes.Equal(body, js) {
				t.Errorf("request %d: %d, %d bytes, %v", i, w.Code, len(body), err)
			}
		})
	}
	wg.Wait()
}
