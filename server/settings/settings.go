// Package settings owns Keyward's settings: the Business Owners, the whitelist rules, token
// and session lifetimes. They are read on the token verification hot path, so each process
// keeps them in memory and re-reads them at most every few seconds.
package settings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// Settings are the values an administrator sets in the console.
type Settings struct {
	BusinessOwnerEmails       []string `json:"businessOwnerEmails"`
	WhitelistApproval         bool     `json:"whitelistApproval"`
	RequireWhitelist          bool     `json:"requireWhitelist"`
	MaxTokenLifetimeDays      int      `json:"maxTokenLifetimeDays"`
	ReminderWindowDays        int      `json:"reminderWindowDays"`
	ApprovalLinkLifetimeHours int      `json:"approvalLinkLifetimeHours"`
	SessionIdleTimeoutMinutes int      `json:"sessionIdleTimeoutMinutes"`
	SessionLifetimeHours      int      `json:"sessionLifetimeHours"`
	LoginCodeRequired         bool     `json:"loginCodeRequired"`
	AuditRetentionDays        int      `json:"auditRetentionDays"`
	// SignInLifetimeDays is the absolute limit of an API sign-in: its refresh tokens renew
	// it on use, never past this many days from the login.
	SignInLifetimeDays int `json:"signInLifetimeDays"`
}

// Defaults are the settings of a new Keyward.
func Defaults() Settings {
	return Settings{
		BusinessOwnerEmails: []string{}, MaxTokenLifetimeDays: 365, ReminderWindowDays: 15,
		ApprovalLinkLifetimeHours: 72, SessionIdleTimeoutMinutes: 30, SessionLifetimeHours: 12,
		AuditRetentionDays: 365, SignInLifetimeDays: 90,
	}
}

// Changes is a partial update; nil fields stay as they are.
type Changes struct {
	BusinessOwnerEmails       []string
	WhitelistApproval         *bool
	RequireWhitelist          *bool
	MaxTokenLifetimeDays      *int
	ReminderWindowDays        *int
	ApprovalLinkLifetimeHours *int
	SessionIdleTimeoutMinutes *int
	SessionLifetimeHours      *int
	LoginCodeRequired         *bool
	AuditRetentionDays        *int
	SignInLifetimeDays        *int
}

// DefaultMaxAge is how stale a process's copy may get before it re-reads the database. A
// change made on this process applies at once; on Postgres the other replicas hear of it at
// once too (through the broadcast), so this only bounds a missed notification.
const DefaultMaxAge = 5 * time.Second

// Service reads and changes the settings.
type Service struct {
	db    *db.DB
	clock clock.Clock
	// copy is the settings last read or written here: every verification reads it, so it is
	// read without a lock.
	copy   atomic.Pointer[snapshot]
	maxAge time.Duration
	// deaf is set while changes made on other replicas may go unheard.
	deaf atomic.Bool
	// onChange hear of every committed change (the other replicas, through the broadcast).
	onChange []func(Settings)
}

// snapshot is a copy of the settings and when it was read (loaded false: none, read again):
// at on the service's clock, for maxAge; read on the monotonic clock, for OfflineMaxAge.
type snapshot struct {
	cur    Settings
	at     time.Time
	read   time.Time
	loaded bool
}

// fresh says whether the copy may still serve at now.
func (s *Service) fresh(c *snapshot, now time.Time) bool {
	if c == nil || !c.loaded {
		return false
	}
	// A clock set back reads again rather than keep a copy from its future.
	if age := now.Sub(c.at); age < 0 || age >= s.maxAge {
		return false
	}
	return !s.deaf.Load() || time.Since(c.read) < OfflineMaxAge
}

// OfflineMaxAge is how stale a copy may get while changes made elsewhere may go unheard. It
// bounds how long a missed notification goes unnoticed, which is real time whatever the
// service's clock says, so it is measured on the monotonic clock (as tokens.OfflineTTL).
const OfflineMaxAge = 300 * time.Millisecond

// Hears says whether changes made on other replicas reach this process; while they may not,
// the copy serves for OfflineMaxAge only.
func (s *Service) Hears(ok bool) { s.deaf.Store(!ok) }

// New returns a Service on d that re-reads the settings when its copy is older than maxAge
// (0: DefaultMaxAge).
func New(d *db.DB, c clock.Clock, maxAge time.Duration) *Service {
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	return &Service{db: d, clock: c, maxAge: maxAge}
}

// OnChange registers fn to hear of every change made through this process.
func (s *Service) OnChange(fn func(Settings)) { s.onChange = append(s.onChange, fn) }

// Forget makes the next Get read the database: another replica changed the settings.
func (s *Service) Forget() {
	s.copy.Store(&snapshot{}) // a new pointer: a read that began before this will not keep its result
}

// Get returns the settings in force.
func (s *Service) Get(ctx context.Context) (Settings, error) {
	now := s.clock.Now()
	old := s.copy.Load()
	if s.fresh(old, now) {
		return old.cur, nil
	}
	started := time.Now()
	cur, err := read(ctx, s.db)
	if err != nil {
		return Settings{}, err
	}
	// Kept only if nothing changed or forgot the settings meanwhile.
	s.copy.CompareAndSwap(old, &snapshot{cur: cur, at: now, read: started, loaded: true})
	return cur, nil
}

func read(ctx context.Context, idb bun.IDB) (Settings, error) {
	row := new(db.SettingsRow)
	err := idb.NewSelect().Model(row).Where("id = 1").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Defaults(), nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("settings: read: %w", err)
	}
	st := Defaults()
	if err := json.Unmarshal([]byte(row.Data), &st); err != nil {
		return Settings{}, fmt.Errorf("settings: decode: %w", err)
	}
	if st.BusinessOwnerEmails == nil {
		st.BusinessOwnerEmails = []string{}
	}
	return st, nil
}

func between(field, label string, v, lo, hi int) error {
	if v < lo || v > hi {
		return errs.InvalidField(field, "%s must be between %d and %d", label, lo, hi)
	}
	return nil
}

// apply validates ch against st and returns the result.
func apply(st Settings, ch Changes) (Settings, error) {
	if ch.BusinessOwnerEmails != nil {
		var emails []string
		for _, e := range ch.BusinessOwnerEmails {
			if strings.TrimSpace(e) == "" {
				continue
			}
			n, err := access.NormalizeEmail("businessOwnerEmails", e)
			if err != nil {
				return st, err
			}
			if !slices.Contains(emails, n) {
				emails = append(emails, n)
			}
		}
		if len(emails) > 50 {
			return st, errs.InvalidField("businessOwnerEmails", "at most 50 Business Owner emails")
		}
		if emails == nil {
			emails = []string{}
		}
		st.BusinessOwnerEmails = emails
	}
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&st.WhitelistApproval, ch.WhitelistApproval)
	set(&st.RequireWhitelist, ch.RequireWhitelist)
	set(&st.LoginCodeRequired, ch.LoginCodeRequired)
	ints := []struct {
		dst    *int
		v      *int
		field  string
		label  string
		lo, hi int
	}{
		{&st.MaxTokenLifetimeDays, ch.MaxTokenLifetimeDays, "maxTokenLifetimeDays", "the maximum token lifetime (days)", 1, 365},
		{&st.ReminderWindowDays, ch.ReminderWindowDays, "reminderWindowDays", "the reminder window (days)", 1, 60},
		{&st.ApprovalLinkLifetimeHours, ch.ApprovalLinkLifetimeHours, "approvalLinkLifetimeHours", "the approval link lifetime (hours)", 1, 720},
		{&st.SessionIdleTimeoutMinutes, ch.SessionIdleTimeoutMinutes, "sessionIdleTimeoutMinutes", "the session idle timeout (minutes)", 5, 24 * 60},
		{&st.SessionLifetimeHours, ch.SessionLifetimeHours, "sessionLifetimeHours", "the session lifetime (hours)", 1, 7 * 24},
		{&st.AuditRetentionDays, ch.AuditRetentionDays, "auditRetentionDays", "the audit retention (days)", 30, 3650},
		{&st.SignInLifetimeDays, ch.SignInLifetimeDays, "signInLifetimeDays", "the API sign-in lifetime (days)", 1, 365},
	}
	for _, f := range ints {
		if f.v == nil {
			continue
		}
		if err := between(f.field, f.label, *f.v, f.lo, f.hi); err != nil {
			return st, err
		}
		*f.dst = *f.v
	}
	if st.SessionIdleTimeoutMinutes > st.SessionLifetimeHours*60 {
		return st, errs.InvalidField("sessionIdleTimeoutMinutes", "the idle timeout cannot be longer than the session lifetime")
	}
	if st.WhitelistApproval && len(st.BusinessOwnerEmails) == 0 {
		return st, errs.InvalidField("businessOwnerEmails", "whitelist approval needs at least one Business Owner email")
	}
	return st, nil
}

// Update changes the settings and records what changed in the audit trail.
func (s *Service) Update(ctx context.Context, ch Changes) (Settings, error) {
	var next Settings
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		cur, err := read(ctx, tx)
		if err != nil {
			return err
		}
		if next, err = apply(cur, ch); err != nil {
			return err
		}
		data, err := json.Marshal(next)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		by := audit.ActorFrom(ctx).Label
		row := &db.SettingsRow{ID: 1, Data: string(data), UpdatedAt: now, UpdatedBy: by}
		if _, err := tx.NewInsert().Model(row).On("CONFLICT (id) DO UPDATE").
			Set("data = EXCLUDED.data").Set("updated_at = EXCLUDED.updated_at").Set("updated_by = EXCLUDED.updated_by").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "settings.update", TargetType: "settings", TargetLabel: "settings",
			Details: map[string]any{"changed": changed(cur, next)}})
	})
	if err != nil {
		if errs.As(err) != nil {
			return Settings{}, err
		}
		return Settings{}, fmt.Errorf("settings: update: %w", err)
	}
	s.copy.Store(&snapshot{cur: next, at: s.clock.Now(), read: time.Now(), loaded: true})
	for _, fn := range s.onChange {
		fn(next)
	}
	return next, nil
}

// changed lists what differs between a and b, as field: {from, to}.
func changed(a, b Settings) map[string]any {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var ma, mb map[string]any
	_ = json.Unmarshal(ja, &ma)
	_ = json.Unmarshal(jb, &mb)
	out := map[string]any{}
	for k, v := range mb {
		if fmt.Sprint(ma[k]) != fmt.Sprint(v) {
			out[k] = map[string]any{"from": ma[k], "to": v}
		}
	}
	return out
}
