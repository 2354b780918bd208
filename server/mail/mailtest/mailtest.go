// Package mailtest is an in-process SMTP server that keeps what it receives, for tests (Go
// tests, and the browser tests through cmd smtpsink). It can play an outage: while down it
// answers every message with a temporary failure.
package mailtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one received email, decoded.
type Message struct {
	From    string   `json:"from"`
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Text    string   `json:"text"`
	HTML    string   `json:"html"`
	Raw     string   `json:"-"`
}

// Server is a running test SMTP server.
type Server struct {
	Addr string

	srv  *smtp.Server
	mu   sync.Mutex
	msgs []Message
	down bool
	wake chan struct{}
	// hold, when set, keeps each message unanswered until it is closed; held counts them.
	hold chan struct{}
	held int
}

// Start listens on addr ("127.0.0.1:0" for any free port).
func Start(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), wake: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	go s.srv.Serve(ln) //nolint:errcheck // ends with Close
	return s, nil
}

// URL is the KEYWARD_SMTP_URL that reaches this server.
func (s *Server) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// SetDown makes the server refuse (down) or accept mail again.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Hold keeps every message the server is sent from now on unanswered, until Release: a
// sender that dies meanwhile never hears whether it was delivered.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = make(chan struct{})
}

// Held returns how many messages wait unanswered.
func (s *Server) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// Release answers the held messages with a temporary failure (they are not delivered) and
// stops holding.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
}

// Messages returns what has arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait returns the messages once at least n have arrived, or an error after timeout.
func (s *Server) Wait(n int, timeout time.Duration) ([]Message, error) {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		msgs, wake := append([]Message(nil), s.msgs...), s.wake
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs, nil
		}
		select {
		case <-wake:
		case <-deadline:
			return msgs, fmt.Errorf("mailtest: %d of %d messages after %s", len(msgs), n, timeout)
		}
	}
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.wake)
	s.wake = make(chan struct{})
}

func (s *Server) isDown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.down
}

var errDown = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}

type session struct {
	s    *Server
	from string
	to   []string
}

func (c *session) AuthMechanisms() []string { return nil }
func (c *session) Reset()                   { c.from, c.to = "", nil }
func (c *session) Logout() error            { return nil }

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	if c.s.isDown() {
		return errDown
	}
	c.from = from
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.s.mu.Lock()
	hold := c.s.hold
	if hold != nil {
		c.s.held++
	}
	c.s.mu.Unlock()
	if hold != nil {
		<-hold
		c.s.mu.Lock()
		c.s.held--
		c.s.mu.Unlock()
		return errDown
	}
	if c.s.isDown() {
		return errDown
	}
	m, err := Parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: err.Error()}
	}
	m.From, m.To = c.from, c.to
	c.s.add(m)
	return nil
}

// Parse decodes a raw message: its subject and its text and HTML parts.
func Parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, err
	}
	out := Message{Subject: subject, Raw: string(raw)}
	if err := readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &out); err != nil {
		return Message{}, err
	}
	return out, nil
}

func readPart(contentType, encoding string, body io.Reader, out *Message) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = newBase64(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		out.Text = string(b)
	case "text/html":
		out.HTML = string(b)
	}
	return nil
}
