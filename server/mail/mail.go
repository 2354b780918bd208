// Package mail sends Keyward's emails: over SMTP with go-mail, or, with no SMTP server
// configured, to the log (the development default, links included). Messages are rendered
// from embedded templates, each with a subject, a plain-text part and an HTML part.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one rendered email.
type Message struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	// ID, when set, is the Message-ID (without <>): the same email sent twice carries the
	// same one, so mail systems may take it as one.
	ID string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m *Message) error
	// Kind names the transport for the console ("smtp" or "log").
	Kind() string
}

// New returns the sender for smtpURL (empty: the log sender). from is the From address.
func New(smtpURL, from string, log *slog.Logger) (Sender, error) {
	if from == "" {
		from = "Keyward <keyward@localhost>"
	}
	if smtpURL == "" {
		return &Log{From: from, Log: log}, nil
	}
	return NewSMTP(smtpURL, from)
}

// SMTP sends through an SMTP server.
type SMTP struct {
	from string
	host string
	opts []gomail.Option
}

// NewSMTP reads smtp://user:pass@host:port (STARTTLS when the server offers it; add
// ?tls=required to demand it, ?tls=none to never try) or smtps://user:pass@host:port
// (implicit TLS). ?insecure_skip_verify=true accepts any certificate (tests, internal relays).
func NewSMTP(raw, from string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return nil, errors.New("mail: KEYWARD_SMTP_URL must look like smtp://user:pass@host:587")
	}
	if err := gomail.NewMsg().From(from); err != nil {
		return nil, fmt.Errorf("mail: KEYWARD_MAIL_FROM %q is not an email address", from)
	}
	q := u.Query()
	opts := []gomail.Option{gomail.WithTimeout(20 * time.Second)}
	port := 587
	switch u.Scheme {
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	case "smtp":
		switch q.Get("tls") {
		case "", "opportunistic":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
		case "required":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		case "none":
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		default:
			return nil, errors.New("mail: KEYWARD_SMTP_URL: tls must be required, opportunistic or none")
		}
	default:
		return nil, errors.New("mail: KEYWARD_SMTP_URL must start with smtp:// or smtps://")
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, errors.New("mail: KEYWARD_SMTP_URL has a bad port")
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if q.Get("insecure_skip_verify") == "true" {
		opts = append(opts, gomail.WithTLSConfig(&tls.Config{InsecureSkipVerify: true, ServerName: u.Hostname()})) //nolint:gosec // asked for by the operator
	}
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	return &SMTP{from: from, host: u.Hostname(), opts: opts}, nil
}

// Kind implements Sender.
func (s *SMTP) Kind() string { return "smtp" }

// Send implements Sender: one connection per message (emails are few and far between).
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send %q: %w", m.Subject, err)
	}
	return nil
}

func (s *SMTP) build(m *Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.ID != "" {
		msg.SetMessageIDWithValue(m.ID)
	} else {
		msg.SetMessageID()
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// Log writes each message to the log instead of sending it: with no SMTP server configured,
// this is how a developer reads approval links and sign-in codes.
type Log struct {
	From string
	Log  *slog.Logger
}

// Kind implements Sender.
func (l *Log) Kind() string { return "log" }

// Send implements Sender.
func (l *Log) Send(ctx context.Context, m *Message) error {
	l.Log.InfoContext(ctx, "email (no SMTP server configured, so it is printed here)",
		"to", strings.Join(m.To, ", "), "subject", m.Subject, "text", m.Text)
	return nil
}
