// Command smtpsink is the test SMTP server of the browser tests: it keeps every message it
// receives and lists them as JSON over HTTP (GET /messages), so a test can read an email and
// open its link. GET /samples renders every email template with sample data, for the
// screenshots of emails that no browser flow sends (a reminder comes days later).
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"

	"github.com/keyward/keyward/server/mail"
	"github.com/keyward/keyward/server/mail/mailtest"
)

func main() {
	smtpAddr := flag.String("smtp", "127.0.0.1:18025", "SMTP listen address")
	httpAddr := flag.String("http", "127.0.0.1:18026", "HTTP listen address")
	flag.Parse()
	srv, err := mailtest.Start(*smtpAddr)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /messages", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(srv.Messages())
	})
	mux.HandleFunc("GET /samples", func(w http.ResponseWriter, _ *http.Request) {
		out := map[string]mailtest.Message{}
		for name, data := range mailtest.Samples() {
			m, err := mail.Render(name, data, "you@example.com")
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			out[name] = mailtest.Message{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	log.Printf("smtpsink: SMTP on %s, messages at http://%s/messages", srv.Addr, *httpAddr)
	log.Fatal(http.ListenAndServe(*httpAddr, mux)) //nolint:gosec // a test tool on loopback
}
