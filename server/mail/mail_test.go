package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/server/mail"
	"github.com/keyward/keyward/server/mail/mailtest"
)

func TestSMTPDeliversBothParts(t *testing.T) {
	srv, err := mailtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := mail.New(srv.URL(), "Keyward <keyward@example.com>", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind() != "smtp" {
		t.Fatalf("kind = %s", s.Kind())
	}
	m, err := mail.Render("test", map[string]any{"RequestedBy": "ada@example.com", "BaseURL": "https://kw.example.com",
		"Button": mail.Button{URL: "https://kw.example.com/", Label: "Open Keyward"}}, "bo@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Wait(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r := got[0]
	if r.From != "keyward@example.com" || len(r.To) != 1 || r.To[0] != "bo@example.com" {
		t.Errorf("envelope = %s -> %v", r.From, r.To)
	}
	if r.Subject != "Keyward test email" {
		t.Errorf("subject = %q", r.Subject)
	}
	if !strings.Contains(r.Text, "sent by ada@example.com") || !strings.Contains(r.Text, "https://kw.example.com") {
		t.Errorf("text part = %q", r.Text)
	}
	if !strings.Contains(r.HTML, "<strong>ada@example.com</strong>") || !strings.Contains(r.HTML, `href="https://kw.example.com/"`) {
		t.Errorf("html part = %q", r.HTML)
	}
}

func TestSMTPOutageIsAnError(t *testing.T) {
	srv, err := mailtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.SetDown(true)
	s, _ := mail.New(srv.URL(), "", slog.Default())
	err = s.Send(context.Background(), &mail.Message{To: []string{"a@example.com"}, Subject: "x", Text: "y"})
	if err == nil {
		t.Fatal("sending to a server that is down succeeded")
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("a refused message was kept")
	}
}

func TestSMTPURLErrors(t *testing.T) {
	for _, u := range []string{"http://host", "smtp://", "smtp://host:0", "smtp://host:99999", "smtp://host?tls=maybe"} {
		if _, err := mail.NewSMTP(u, "k@example.com"); err == nil {
			t.Errorf("%s: accepted", u)
		} else if !strings.Contains(err.Error(), "KEYWARD_SMTP_URL") {
			t.Errorf("%s: error %q does not name the variable", u, err)
		}
	}
	if _, err := mail.NewSMTP("smtp://host:25", "not an address"); err == nil || !strings.Contains(err.Error(), "KEYWARD_MAIL_FROM") {
		t.Errorf("bad from: %v", err)
	}
	for _, u := range []string{"smtp://u:p@host:587", "smtps://host", "smtp://host?tls=required", "smtp://host:2525?tls=none"} {
		if _, err := mail.NewSMTP(u, "k@example.com"); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestLogSenderPrintsTheMessage(t *testing.T) {
	var buf bytes.Buffer
	s, err := mail.New("", "", slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind() != "log" {
		t.Fatalf("kind = %s", s.Kind())
	}
	if err := s.Send(context.Background(), &mail.Message{To: []string{"a@example.com"}, Subject: "Hello", Text: "open https://x/approve/abc"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a@example.com", "Hello", "https://x/approve/abc"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log %q lacks %q", buf.String(), want)
		}
	}
}

func TestEveryTemplateRenders(t *testing.T) {
	cases := mailtest.Samples()
	cases["approval_decision"]["Comment"] = "<b>no</b>"
	names, err := filepath.Glob("templates/*.txt")
	if err != nil || len(names) != len(cases) {
		t.Fatalf("%d templates (%v) and %d samples", len(names), err, len(cases))
	}
	subjects := map[string]string{
		"test":              `Keyward test email`,
		"approval_request":  `Approve 203.0.113.0/24 for the API token "Nightly export"?`,
		"approval_decision": `203.0.113.0/24 was rejected for the API token "Nightly export"`,
		"approval_expired":  `Your request for 203.0.113.0/24 on the API token "Nightly export" expired`,
		"expiry_reminder":   `Your API token "Nightly export" expires in 10 days`,
		"token_expired":     `Your API token "Nightly export" has expired`,
		"login_code":        `Your Keyward sign-in code`,
	}
	for name, data := range cases {
		m, err := mail.Render(name, data, "x@example.com")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Subject != subjects[name] {
			t.Errorf("%s: subject %q", name, m.Subject)
		}
		if m.Text == "" || !strings.Contains(m.HTML, "</html>") {
			t.Errorf("%s: a part is missing", name)
		}
		if strings.Contains(m.Text, "<no value>") || strings.Contains(m.HTML, "<no value>") {
			t.Errorf("%s: a field is missing:\n%s", name, m.Text)
		}
		if strings.Contains(m.HTML, "<b>no</b>") {
			t.Errorf("%s: HTML is not escaped", name)
		}
	}
}
