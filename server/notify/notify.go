// Package notify tells people what happened: emails (queued with River in the transaction of
// the change, rendered and sent by a worker that reads the current state, so a stale job
// sends nothing) and in-app notifications (the bell in the console header).
//
// Job arguments hold ids, never secrets: a link or code that an email carries is made by the
// worker just before sending, and only its hash is stored.
package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/mail"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// Email kinds.
const (
	EmailTest             = "test"
	EmailApprovalRequest  = "approval_request"
	EmailApprovalDecision = "approval_decision"
	EmailApprovalExpired  = "approval_expired"
	EmailExpiryReminder   = "expiry_reminder"
	EmailTokenExpired     = "token_expired"
	EmailLoginCode        = "login_code"
)

// EmailArgs is the River job that sends one email. ID names the row the email is about.
type EmailArgs struct {
	Type string `json:"type"`
	ID   int64  `json:"id,omitempty"`
	To   string `json:"to,omitempty"`
	By   string `json:"by,omitempty"`
}

// Kind implements river.JobArgs.
func (EmailArgs) Kind() string { return "email" }

// Service queues and sends emails and keeps in-app notifications.
type Service struct {
	db       *db.DB
	access   Users
	tokens   Tokens
	requests Requests
	clock    clock.Clock
	sender   mail.Sender
	baseURL  string
	log      *slog.Logger
	jobs     *jobs.Runner
	stats    map[string]*EmailStats
}

// EmailKinds lists every kind of email Keyward sends.
var EmailKinds = []string{EmailTest, EmailApprovalRequest, EmailApprovalDecision, EmailApprovalExpired, EmailExpiryReminder, EmailTokenExpired, EmailLoginCode}

// EmailStats counts the delivery attempts of one kind of email in this process.
type EmailStats struct{ Sent, Failed atomic.Uint64 }

// Stats returns the counters of kind (nil for an unknown kind).
func (s *Service) Stats(kind string) *EmailStats { return s.stats[kind] }

// New returns the service; call UseOwners once the tokens and approvals services exist, and
// SetJobs once the runner does (the runner needs the service's worker first).
func New(d *db.DB, a Users, c clock.Clock, sender mail.Sender, baseURL string, log *slog.Logger) *Service {
	stats := map[string]*EmailStats{}
	for _, k := range EmailKinds {
		stats[k] = &EmailStats{}
	}
	return &Service{db: d, access: a, clock: c, sender: sender, baseURL: strings.TrimRight(baseURL, "/"), log: log, stats: stats}
}

// SetJobs gives the service the runner it enqueues with.
func (s *Service) SetJobs(r *jobs.Runner) { s.jobs = r }

// Transport names how email leaves ("smtp" or "log").
func (s *Service) Transport() string { return s.sender.Kind() }

// Register adds the email worker to w.
func (s *Service) Register(w *river.Workers) { river.AddWorker(w, &emailWorker{s: s}) }

// Email queues an email inside tx: it is sent once tx commits, and retried until it is.
func (s *Service) Email(ctx context.Context, tx bun.Tx, a EmailArgs) error {
	return s.jobs.Enqueue(ctx, tx, a, &river.InsertOpts{MaxAttempts: 25})
}

// URL returns an absolute console address for path.
func (s *Service) URL(path string) string { return s.baseURL + path }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

type emailWorker struct {
	river.WorkerDefaults[EmailArgs]
	s *Service
}

// Work sends the email of one job, once: a job that already sent it (and was rescued after
// a crash before River heard so) sends nothing again, so no email goes out twice with two
// different links. The key is the job's id, which stays the same across retries and rescues.
func (w *emailWorker) Work(ctx context.Context, job *river.Job[EmailArgs]) error {
	key := "job:" + strconv.FormatInt(job.ID, 10)
	if sent, err := w.s.db.NewSelect().Model((*db.SentEmail)(nil)).Where("key = ?", key).Exists(ctx); err != nil || sent {
		return err
	}
	m, err := w.s.compose(ctx, job.Args)
	if err != nil {
		return err
	}
	if m == nil { // nothing to say any more (decided, renewed, deleted...)
		return nil
	}
	m.ID = fmt.Sprintf("%s.%d.keyward@%s", job.Args.Type, job.ID, w.s.host())
	st := w.s.stats[job.Args.Type]
	if err := w.s.sender.Send(ctx, m); err != nil {
		w.s.log.WarnContext(ctx, "email not sent, will retry", "type", job.Args.Type, "attempt", job.Attempt, "err", err)
		st.Failed.Add(1)
		return err
	}
	st.Sent.Add(1)
	// Recorded at once, with a context of its own: the email is out whatever happens next.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, err := w.s.db.NewInsert().Model(&db.SentEmail{Key: key, SentAt: w.s.now()}).On("CONFLICT (key) DO NOTHING").Exec(rec); err != nil {
		w.s.log.WarnContext(ctx, "email sent, but not recorded as sent", "type", job.Args.Type, "err", err)
	}
	return nil
}

// host is the console's host name, for Message-IDs.
func (s *Service) host() string {
	if u, err := url.Parse(s.baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "keyward.invalid"
}

// compose renders the email of a; nil means there is nothing to send any more.
func (s *Service) compose(ctx context.Context, a EmailArgs) (*mail.Message, error) {
	switch a.Type {
	case EmailTest:
		return mail.Render("test", map[string]any{"RequestedBy": a.By,
			"Button": mail.Button{URL: s.URL("/settings"), Label: "Open Keyward"}}, a.To)
	case EmailApprovalRequest:
		return s.composeApprovalRequest(ctx, a.ID)
	case EmailApprovalDecision:
		return s.composeApprovalDecision(ctx, a.ID)
	case EmailApprovalExpired:
		return s.composeApprovalExpired(ctx, a.ID)
	case EmailExpiryReminder, EmailTokenExpired:
		return s.composeExpiry(ctx, a)
	case EmailLoginCode:
		return s.composeLoginCode(ctx, a.ID)
	}
	return nil, fmt.Errorf("notify: unknown email type %q", a.Type)
}

// NewSecret returns a random URL-safe string of n bytes of randomness and its SHA-256 (hex),
// which is all that is stored.
func NewSecret(n int) (secret, hash string) {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, Hash(secret)
}

// Hash is the stored form of a link or code.
func Hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// tokenURL is the console page of a token, or the token list when it was deleted.
func (s *Service) tokenURL(id *int64) string {
	if id == nil {
		return s.URL("/tokens")
	}
	return s.URL("/tokens/" + strconv.FormatInt(*id, 10))
}

func (s *Service) composeApprovalRequest(ctx context.Context, id int64) (*mail.Message, error) {
	r, err := found(s.requests.RequestRow(ctx, id))
	if r == nil {
		return nil, err
	}
	now := s.now()
	if r.State != "PENDING" || r.EntryID == nil || !now.Before(r.ExpiresAt) {
		return nil, nil
	}
	var note string
	if e, err := found(s.tokens.EntryFor(ctx, *r.EntryID)); err != nil {
		return nil, err
	} else if e != nil {
		note = e.Note
	}
	roleName, perms, err := s.tokenRole(ctx, r.TokenID)
	if err != nil {
		return nil, err
	}
	// The link is made now and only its hash kept: a retry makes a new one, so the link in
	// the email that finally goes out is the one that works.
	link, hash := NewSecret(32)
	if pending, err := s.requests.SetLink(ctx, id, hash, now); err != nil || !pending {
		return nil, err
	}
	url := s.URL("/approve/" + link)
	permText := strings.Join(perms, ", ")
	if permText == "" {
		permText = "none"
	}
	facts := []mail.Fact{{Label: "Token", Value: r.TokenName}, {Label: "Role", Value: roleName}, {Label: "Permissions", Value: permText},
		{Label: "IP or range", Value: r.CIDR}}
	if note != "" {
		facts = append(facts, mail.Fact{Label: "Note", Value: note})
	}
	facts = append(facts, mail.Fact{Label: "Asked by", Value: r.RequestedBy}, mail.Fact{Label: "Asked at", Value: r.CreatedAt.UTC().Format("02/01/2006 15:04 UTC")})
	return mail.Render("approval_request", map[string]any{
		"TokenName": r.TokenName, "RoleName": roleName, "Permissions": perms, "CIDR": r.CIDR, "Note": note,
		"RequestedBy": r.RequestedBy, "RequestedAt": r.CreatedAt, "ExpiresAt": r.ExpiresAt, "Link": url,
		"Facts": facts, "Button": mail.Button{URL: url, Label: "Review the request"},
	}, r.OwnerEmail)
}

// tokenRole is the name and permissions of the role of token id, "(deleted)" and none once
// the token is gone.
func (s *Service) tokenRole(ctx context.Context, id *int64) (string, []string, error) {
	if id == nil {
		return "(deleted)", nil, nil
	}
	t, err := found(s.tokens.TokenFor(ctx, *id))
	if t == nil {
		return "(deleted)", nil, err
	}
	role, perms, err := s.access.RoleWithPermissions(ctx, t.RoleID)
	if err != nil {
		return "", nil, err
	}
	return role.Name, perms, nil
}

func (s *Service) composeApprovalDecision(ctx context.Context, id int64) (*mail.Message, error) {
	r, err := found(s.requests.RequestRow(ctx, id))
	if r == nil {
		return nil, err
	}
	if r.DecidedAt == nil || r.RequestedBy == "" {
		return nil, nil
	}
	tokenURL := s.tokenURL(r.TokenID)
	return mail.Render("approval_decision", map[string]any{
		"TokenName": r.TokenName, "CIDR": r.CIDR, "Approved": r.State == "APPROVED", "DecidedBy": r.DecidedBy,
		"DecidedAt": *r.DecidedAt, "Comment": r.Comment, "TokenURL": tokenURL,
		"Button": mail.Button{URL: tokenURL, Label: "Open the token"},
	}, r.RequestedBy)
}

// composeApprovalExpired tells the requester that nobody decided on request id in time,
// unless a decision or a resend came since the job was queued.
func (s *Service) composeApprovalExpired(ctx context.Context, id int64) (*mail.Message, error) {
	r, err := found(s.requests.RequestRow(ctx, id))
	if r == nil {
		return nil, err
	}
	if r.State != "PENDING" || r.EntryID == nil || r.RequestedBy == "" {
		return nil, nil
	}
	tokenURL := s.tokenURL(r.TokenID)
	return mail.Render("approval_expired", map[string]any{
		"TokenName": r.TokenName, "CIDR": r.CIDR, "ExpiresAt": r.ExpiresAt, "TokenURL": tokenURL,
		"Button": mail.Button{URL: tokenURL, Label: "Open the token"},
	}, r.RequestedBy)
}

// Notify adds an in-app notification for a user inside tx.
func (s *Service) Notify(ctx context.Context, tx bun.Tx, n *db.Notification) error {
	n.CreatedAt = s.now()
	_, err := tx.NewInsert().Model(n).Exec(ctx)
	return err
}

// NewCode returns a random 6-digit code.
func NewCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}
