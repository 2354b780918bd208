package tokens

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
)

// Statuses of a token and of a whitelist entry, as the API names them.
const (
	StatusActive  = "ACTIVE"
	StatusExpired = "EXPIRED"
	StatusRevoked = "REVOKED"

	EntryPending  = "PENDING"
	EntryApproved = "APPROVED"
	EntryRejected = "REJECTED"
)

// MaxGrace is the longest a replaced secret may live on after a regeneration.
const MaxGrace = 168 * time.Hour

// Policy is the part of the settings that governs tokens.
type Policy struct {
	MaxLifetime time.Duration
	// RequireWhitelist: a token with no approved entry admits nothing.
	RequireWhitelist bool
	// WhitelistApproval: new entries start PENDING until a Business Owner decides.
	WhitelistApproval bool
}

// DefaultPolicy allows tokens of up to 365 days, with no whitelist required.
var DefaultPolicy = Policy{MaxLifetime: 365 * 24 * time.Hour}

// Service issues and manages tokens and verifies presented ones.
type Service struct {
	db     *db.DB
	clock  clock.Clock
	access *access.Service
	cache  *Cache
	policy func(context.Context) (Policy, error)
	// onEntry hears of each new whitelist entry inside its transaction (approval requests).
	onEntry []func(ctx context.Context, tx bun.Tx, t *db.Token, e *db.WhitelistEntry) error
	stats   Stats
	// apps tells the client id, name and partner of an application.
	apps func(ctx context.Context, id int64) (App, error)
	// refusals counts refused token uses for the audit trail; limiter holds back the
	// addresses refused too often.
	refusals *audit.Refusals
	limiter  *Limiter
	// signIns loads the identity of an API sign-in's access token (nil: none are accepted).
	signIns func(ctx context.Context, jwt string) (*Identity, error)
}

// Limit holds back, with RateLimited, the addresses that l says were refused too often.
func (s *Service) Limit(l *Limiter) { s.limiter = l }

// Stats are the verification counters of this process.
func (s *Service) Stats() *Stats { return &s.stats }

// New returns a Service that counts refused uses in refusals. policy reads the current
// settings (nil: DefaultPolicy).
func New(d *db.DB, c clock.Clock, a *access.Service, cache *Cache, refusals *audit.Refusals, policy func(context.Context) (Policy, error)) *Service {
	if policy == nil {
		policy = func(context.Context) (Policy, error) { return DefaultPolicy, nil }
	}
	s := &Service{db: d, clock: c, access: a, cache: cache, refusals: refusals, policy: policy}
	if refusals != nil {
		refusals.OnFlush(countRefusals)
	}
	a.RefuseRoleDeletion(func(ctx context.Context, tx bun.Tx, r *db.Role) error {
		n, err := tx.NewSelect().Model((*db.Token)(nil)).Where("role_id = ?", r.ID).Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return errs.ConflictField("", "the role %s is held by %d API token(s): give them another role or delete them first", r.Name, n)
		}
		return nil
	})
	a.OnRoleChange(cache.InvalidateAll)
	return s
}

// App is what a token's identity says of its application.
type App struct {
	ID        int64
	ClientID  string
	Name      string
	PartnerID int64
}

// UseApplications tells the service how to read an application (the partners service owns
// them).
func (s *Service) UseApplications(fn func(ctx context.Context, id int64) (App, error)) { s.apps = fn }

// OnWhitelistEntry registers a hook run, inside the transaction, for every new entry.
func (s *Service) OnWhitelistEntry(fn func(ctx context.Context, tx bun.Tx, t *db.Token, e *db.WhitelistEntry) error) {
	s.onEntry = append(s.onEntry, fn)
}

// Cache is the service's verification cache.
func (s *Service) Cache() *Cache { return s.cache }

// Policy returns the limits in force.
func (s *Service) Policy(ctx context.Context) (Policy, error) { return s.policy(ctx) }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

func wrap(op string, err error) error {
	if err == nil || errs.As(err) != nil {
		return err
	}
	return fmt.Errorf("tokens: %s: %w", op, err)
}

// StatusOf tells a token's status at now: revoked, expired (from the exact second of its
// expiry) or active.
func StatusOf(t *db.Token, now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return StatusRevoked
	case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
		return StatusExpired
	}
	return StatusActive
}

// NewToken is the input for Create.
type NewToken struct {
	Name   string
	RoleID int64
	// ApplicationID is the application the token is for (0: none); the token then belongs to
	// the application's partner.
	ApplicationID   int64
	ExpiresAt       *time.Time
	Whitelist       []string
	ExpiryReminders bool
}

// Changes is a partial update of a token; nil fields stay as they are.
type Changes struct {
	Name            *string
	RoleID          *int64
	ExpiresAt       *time.Time
	ClearExpiry     bool
	ExpiryReminders *bool
}

func cleanName(s string) (string, error) {
	return access.Line("name", "name", s, 100, true)
}

func (s *Service) checkExpiry(ctx context.Context, at time.Time, now time.Time) (time.Time, error) {
	p, err := s.policy(ctx)
	if err != nil {
		return time.Time{}, err
	}
	at = at.UTC().Truncate(time.Second)
	if !at.After(now) {
		return time.Time{}, errs.InvalidField("expiresAt", "the expiry must be in the future")
	}
	if at.Sub(now) > p.MaxLifetime+time.Minute {
		return time.Time{}, errs.InvalidField("expiresAt", "the expiry must be at most %d days from now", int(p.MaxLifetime.Hours()/24))
	}
	return at, nil
}

// Changeable returns the token with id once the caller of ctx may act on it: nobody acts
// through a token whose role grants more than they hold. act names the act for the refusal
// ("regenerate", read as "regenerate the token Billing").
func (s *Service) Changeable(ctx context.Context, id int64, act string) (*db.Token, error) {
	t, err := s.Token(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.access.HoldsRole(ctx, nil, t.RoleID, "", act+" the token "+t.Name); err != nil {
		return nil, err
	}
	return t, nil
}

// assignable returns the role with id once the caller of ctx may give it to a token.
func (s *Service) assignable(ctx context.Context, roleID int64) (*db.Role, error) {
	return s.access.HoldsRole(ctx, nil, roleID, "roleId", "give a token this role")
}

func actorLabel(ctx context.Context) (string, *int64) {
	a := audit.ActorFrom(ctx)
	if a.Type == audit.ActorUser {
		if id, err := strconv.ParseInt(a.ID, 10, 64); err == nil {
			return a.Label, &id
		}
	}
	if a.Label != "" {
		return a.Label, nil
	}
	return strings.ToLower(a.Type), nil
}

func hashHex(sec Secret) string {
	h := HashOf(string(sec))
	return hex.EncodeToString(h[:])
}

func tokenTarget(t *db.Token) audit.Event {
	return audit.Event{TargetType: "token", TargetID: strconv.FormatInt(t.ID, 10), TargetLabel: t.Name, PartnerID: t.PartnerID}
}

func event(t *db.Token, action string, details map[string]any) audit.Event {
	e := tokenTarget(t)
	e.Action, e.Details = action, details
	return e
}

// ownerOf is the partner and application a new token belongs to: the application's, which
// the caller must be able to see, or else the caller's own partner.
func (s *Service) ownerOf(ctx context.Context, appID int64) (partner, app *int64, err error) {
	if appID == 0 || s.apps == nil {
		return access.PartnerOf(ctx), nil, nil
	}
	a, err := s.apps(ctx, appID)
	var p *int64
	if err == nil && a.PartnerID != 0 {
		p = &a.PartnerID
	}
	if err == nil {
		err = access.SamePartner(ctx, p, "application")
	}
	if errs.Is(err, errs.NotFound) {
		return nil, nil, errs.InvalidField("applicationId", "the application does not exist")
	}
	if err != nil {
		return nil, nil, err
	}
	return p, &a.ID, nil
}

// Create issues a token and returns it with its secret, which is never stored or shown again.
func (s *Service) Create(ctx context.Context, in NewToken) (*db.Token, Secret, error) {
	now := s.now()
	name, err := cleanName(in.Name)
	if err != nil {
		return nil, "", err
	}
	role, err := s.assignable(ctx, in.RoleID)
	if err != nil {
		return nil, "", err
	}
	var expires *time.Time
	if in.ExpiresAt != nil {
		at, err := s.checkExpiry(ctx, *in.ExpiresAt, now)
		if err != nil {
			return nil, "", err
		}
		expires = &at
	}
	var cidrs []netip.Prefix
	for _, raw := range in.Whitelist {
		p, err := ParseCIDR("whitelist", raw)
		if err != nil {
			return nil, "", err
		}
		if slices.Contains(cidrs, p) {
			return nil, "", errs.InvalidField("whitelist", "%s is listed twice", p)
		}
		cidrs = append(cidrs, p)
	}
	partner, appID, err := s.ownerOf(ctx, in.ApplicationID)
	if err != nil {
		return nil, "", err
	}
	sec, err := NewSecret()
	if err != nil {
		return nil, "", wrap("create", err)
	}
	by, byID := actorLabel(ctx)
	t := &db.Token{Name: name, RoleID: role.ID, Hint: Hint(sec), ExpiresAt: expires, ExpiryReminders: in.ExpiryReminders,
		CreatedByID: byID, CreatedBy: by, CreatedAt: now, UpdatedAt: now, PartnerID: partner, ApplicationID: appID}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(t).Returning("id").Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.ConflictField("name", "a token named %q already exists", name)
			}
			return err
		}
		if _, err := tx.NewInsert().Model(&db.TokenSecret{Hash: hashHex(sec), TokenID: t.ID, CreatedAt: now}).Exec(ctx); err != nil {
			return err
		}
		details := map[string]any{"role": role.Name, "hint": t.Hint, "whitelist": prefixStrings(cidrs)}
		if expires != nil {
			details["expiresAt"] = expires.Format(time.RFC3339)
		}
		if err := audit.Record(ctx, tx, now, event(t, "token.create", details)); err != nil {
			return err
		}
		for _, p := range cidrs {
			if _, err := s.insertEntry(ctx, tx, t, p, "", by); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", wrap("create", err)
	}
	return t, sec, nil
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// Token returns the token with id.
func (s *Service) Token(ctx context.Context, id int64) (*db.Token, error) {
	return tokenByID(ctx, s.db, id, true)
}

// TokenFor returns the token with id whoever asks: for a reader entitled to it another way
// (the holder of an approval link reads the token it asks about).
func (s *Service) TokenFor(ctx context.Context, id int64) (*db.Token, error) {
	return tokenByID(ctx, s.db, id, false)
}

// tokenByID reads a token; scoped, only if the caller of ctx may see it (verification reads
// unscoped: a token is what it is for everyone).
func tokenByID(ctx context.Context, idb bun.IDB, id int64, scoped bool) (*db.Token, error) {
	t := new(db.Token)
	q := idb.NewSelect().Model(t).Where("id = ?", id)
	if scoped {
		q = access.Scope(ctx, q, "partner_id")
	}
	if err := db.Found(ctx, q, errs.NotFoundf("no token with id %d", id)); err != nil {
		return nil, wrap("token", err)
	}
	return t, nil
}

// Filter narrows a listing of tokens.
type Filter struct {
	Search        string
	Status        string
	RoleID        int64
	PartnerID     int64
	ApplicationID int64
	// Open: only the tokens that admit every address (true) or only the others (false).
	Open *bool
	// Order sorts the list (the zero Order: newest first).
	Order Order
}

// List returns tokens matching f, in f's order, with how many match up to page.CountLimit.
func (s *Service) List(ctx context.Context, f Filter, p page.Request) (*page.Of[db.Token], error) {
	now := s.now()
	search := strings.ToLower(strings.TrimSpace(f.Search))
	fts := s.db.Engine == db.SQLite && page.Searchable(search)
	onlySearch := f == Filter{Search: f.Search, Order: f.Order} && access.PartnerOf(ctx) == nil
	open, err := s.openCondition(ctx, f.Open)
	if err != nil {
		return nil, err
	}
	where := func(q *bun.SelectQuery, r page.Reading) *bun.SelectQuery {
		q = access.Scope(ctx, q, "partner_id")
		if open != "" {
			q = q.Where(open)
		}
		switch {
		case search == "":
		case r == page.Many:
			q = q.Where(page.Contains(s.db, "lower(name)"), search)
		case fts && onlySearch && r == page.Counting:
			// The ids straight from SQLite's trigram index, without reading each token.
			q = q.ModelTableExpr("(SELECT rowid AS id FROM tokens_search WHERE tokens_search MATCH ?) AS token", page.Phrase(search))
		case fts:
			q = q.Where("id IN (SELECT rowid FROM tokens_search WHERE tokens_search MATCH ?)", page.Phrase(search))
		default:
			// The trigram index on Postgres finds them; SQLite reads tokens_name_key.
			q = q.Where(`lower(name) LIKE ? ESCAPE '\'`, "%"+page.EscapeLike(search)+"%")
		}
		if f.RoleID > 0 {
			q = q.Where("role_id = ?", f.RoleID)
		}
		if f.PartnerID > 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
		if f.ApplicationID > 0 {
			q = q.Where("application_id = ?", f.ApplicationID)
		}
		switch f.Status {
		case StatusRevoked:
			q = q.Where("revoked_at IS NOT NULL")
		case StatusExpired:
			q = q.Where("revoked_at IS NULL").Where("expires_at IS NOT NULL")
			if r == page.Many {
				// Along the list's order: written with NOT, the expiry keeps SQLite off
				// tokens_live_idx, through which it would sort every expired token.
				q = q.Where("NOT (expires_at > ?)", now)
			} else {
				q = q.Where("expires_at <= ?", now)
			}
		case StatusActive:
			q = q.Where("revoked_at IS NULL").WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where("expires_at IS NULL").WhereOr("expires_at > ?", now)
			})
		}
		return q
	}
	if !f.Order.byID() {
		out, err := s.listSorted(ctx, f.Order, p, where)
		return out, wrap("list", err)
	}
	if search != "" {
		out, err := page.SelectSearched[db.Token](ctx, s.db, p, f.Order.newestFirst(), where)
		return out, wrap("list", err)
	}
	out, err := page.SelectBounded[db.Token](ctx, s.db, p, f.Order.newestFirst(), where)
	return out, wrap("list", err)
}

// Update changes a token's name, role, expiry or reminder opt-in. The secret never changes,
// and the change applies to the very next request.
func (s *Service) Update(ctx context.Context, id int64, ch Changes) (*db.Token, error) {
	now := s.now()
	t, err := s.Changeable(ctx, id, "change")
	if err != nil {
		return nil, err
	}
	current := t.Name
	details := map[string]any{}
	cols := []string{"updated_at"}
	if ch.Name != nil {
		name, err := cleanName(*ch.Name)
		if err != nil {
			return nil, err
		}
		if name != t.Name {
			details["name"] = map[string]string{"from": t.Name, "to": name}
			t.Name, cols = name, append(cols, "name")
		}
	}
	if ch.RoleID != nil && *ch.RoleID != t.RoleID {
		if _, err := s.assignable(ctx, *ch.RoleID); err != nil {
			return nil, err
		}
		details["roleId"] = map[string]int64{"from": t.RoleID, "to": *ch.RoleID}
		t.RoleID, cols = *ch.RoleID, append(cols, "role_id")
	}
	if ch.ClearExpiry && ch.ExpiresAt != nil {
		return nil, errs.InvalidField("clearExpiry", "give either expiresAt or clearExpiry, not both")
	}
	if ch.ClearExpiry && t.ExpiresAt != nil {
		// An expiry is optional; when set it is bounded by the maximum lifetime.
		details["expiresAt"] = nil
		t.ExpiresAt, cols = nil, append(cols, "expires_at")
	}
	if ch.ExpiresAt != nil {
		at, err := s.checkExpiry(ctx, *ch.ExpiresAt, now)
		if err != nil {
			return nil, err
		}
		if t.ExpiresAt == nil || !t.ExpiresAt.Equal(at) {
			details["expiresAt"] = at.Format(time.RFC3339)
			t.ExpiresAt, cols = &at, append(cols, "expires_at")
		}
	}
	if ch.ExpiryReminders != nil && *ch.ExpiryReminders != t.ExpiryReminders {
		details["expiryReminders"] = *ch.ExpiryReminders
		t.ExpiryReminders, cols = *ch.ExpiryReminders, append(cols, "expiry_reminders")
	}
	if len(details) == 0 {
		return t, nil
	}
	if t.RevokedAt != nil {
		return nil, errs.ConflictField("", "the token %s is revoked and can no longer be changed", current)
	}
	t.UpdatedAt = now
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(t).WherePK().Column(cols...).Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.ConflictField("name", "a token named %q already exists", t.Name)
			}
			return err
		}
		return audit.Record(ctx, tx, now, event(t, "token.update", details))
	})
	if err != nil {
		return nil, wrap("update", err)
	}
	s.cache.Invalidate(t.ID)
	return t, nil
}

// Renew moves a token's expiry to days from now in one step (bounded by the maximum
// lifetime), keeping its secret: what the "Renew" button and the reminder emails lead to.
func (s *Service) Renew(ctx context.Context, id int64, days int) (*db.Token, error) {
	now := s.now()
	if days < 1 {
		return nil, errs.InvalidField("days", "renew for at least 1 day")
	}
	at, err := s.checkExpiry(ctx, now.Add(time.Duration(days)*24*time.Hour), now)
	if err != nil {
		p, _ := s.policy(ctx)
		return nil, errs.InvalidField("days", "renew for at most %d days", int(p.MaxLifetime.Hours()/24))
	}
	t, err := s.Changeable(ctx, id, "renew")
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil {
		return nil, errs.ConflictField("", "the token %s is revoked and can no longer be renewed", t.Name)
	}
	from := any(nil)
	if t.ExpiresAt != nil {
		from = t.ExpiresAt.Format(time.RFC3339)
	}
	t.ExpiresAt, t.UpdatedAt = &at, now
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(t).WherePK().Column("expires_at", "updated_at").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, event(t, "token.renew", map[string]any{
			"expiresAt": map[string]any{"from": from, "to": at.Format(time.RFC3339)}, "days": days}))
	})
	if err != nil {
		return nil, wrap("renew", err)
	}
	s.cache.Invalidate(t.ID)
	return t, nil
}

// Regenerate issues a new secret. The old one dies at once, or lives on for grace (at most
// MaxGrace) so that its holders can switch over.
func (s *Service) Regenerate(ctx context.Context, id int64, grace time.Duration) (*db.Token, Secret, error) {
	if grace < 0 || grace > MaxGrace {
		return nil, "", errs.InvalidField("oldSecretValidForHours", "the old secret may live on for 0 to %d hours", int(MaxGrace.Hours()))
	}
	now := s.now()
	t, err := s.Changeable(ctx, id, "regenerate")
	if err != nil {
		return nil, "", err
	}
	if t.RevokedAt != nil {
		return nil, "", errs.ConflictField("", "the token %s is revoked: create a new token instead", t.Name)
	}
	sec, err := NewSecret()
	if err != nil {
		return nil, "", wrap("regenerate", err)
	}
	oldHint := t.Hint
	t.Hint, t.UpdatedAt = Hint(sec), now
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Secrets already on a grace period keep theirs (capped by the new one); the current one gets it.
		if grace == 0 {
			if _, err := tx.NewDelete().Model((*db.TokenSecret)(nil)).Where("token_id = ?", id).Exec(ctx); err != nil {
				return err
			}
		} else {
			until := now.Add(grace)
			if _, err := tx.NewUpdate().Model((*db.TokenSecret)(nil)).Set("expires_at = ?", until).
				Where("token_id = ?", id).WhereGroup(" AND ", func(q *bun.UpdateQuery) *bun.UpdateQuery {
				return q.Where("expires_at IS NULL").WhereOr("expires_at > ?", until)
			}).Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.NewDelete().Model((*db.TokenSecret)(nil)).Where("token_id = ?", id).Where("expires_at <= ?", now).Exec(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.NewInsert().Model(&db.TokenSecret{Hash: hashHex(sec), TokenID: id, CreatedAt: now}).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(t).WherePK().Column("hint", "updated_at").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, event(t, "token.regenerate", map[string]any{
			"oldHint": oldHint, "hint": t.Hint, "oldSecretValidForHours": int(grace.Hours())}))
	})
	if err != nil {
		return nil, "", wrap("regenerate", err)
	}
	s.cache.Invalidate(id)
	return t, sec, nil
}

// PreviousSecretExpiry returns, per token, until when a replaced secret still works.
func (s *Service) PreviousSecretExpiry(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	var rows []db.TokenSecret
	if err := s.db.NewSelect().Model(&rows).Where("token_id IN (?)", bun.In(ids)).
		Where("expires_at > ?", s.now()).Scan(ctx); err != nil {
		return nil, wrap("previous secrets", err)
	}
	out := map[int64]time.Time{}
	for _, r := range rows {
		if cur, ok := out[r.TokenID]; !ok || r.ExpiresAt.After(cur) {
			out[r.TokenID] = *r.ExpiresAt
		}
	}
	return out, nil
}

// Revoke ends a token for good; its row stays as history.
func (s *Service) Revoke(ctx context.Context, id int64) (*db.Token, error) {
	now := s.now()
	t, err := s.Changeable(ctx, id, "revoke")
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil {
		return t, nil
	}
	by, _ := actorLabel(ctx)
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return revokeIn(ctx, tx, t, now, by)
	})
	if err != nil {
		return nil, wrap("revoke", err)
	}
	s.cache.Invalidate(id)
	return t, nil
}

// Delete removes a token, its secrets and its whitelist; the audit trail keeps its story.
func (s *Service) Delete(ctx context.Context, id int64) error {
	t, err := s.Changeable(ctx, id, "delete")
	if err != nil {
		return err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, m := range []any{(*db.TokenSecret)(nil), (*db.WhitelistEntry)(nil)} {
			if _, err := tx.NewDelete().Model(m).Where("token_id = ?", id).Exec(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.NewDelete().Model(t).WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), event(t, "token.delete", map[string]any{"hint": t.Hint, "status": StatusOf(t, s.now())}))
	})
	if err != nil {
		return wrap("delete", err)
	}
	s.cache.Invalidate(id)
	return nil
}

// RevokeApplication revokes, inside tx, every token of an application that is being deleted,
// and detaches them all from it; the caller must be able to act on each. It returns how many
// it revoked (the caller drops the cache once tx commits).
func (s *Service) RevokeApplication(ctx context.Context, tx bun.Tx, appID int64) (int, error) {
	var ts []db.Token
	if err := tx.NewSelect().Model(&ts).Where("application_id = ?", appID).Scan(ctx); err != nil {
		return 0, err
	}
	now := s.now()
	by, _ := actorLabel(ctx)
	n := 0
	for i := range ts {
		t := &ts[i]
		if _, err := s.access.HoldsRole(ctx, tx, t.RoleID, "", "revoke the token "+t.Name); err != nil {
			return 0, err
		}
		if t.RevokedAt != nil {
			continue
		}
		t.RevokedAt, t.RevokedBy, t.UpdatedAt = &now, by, now
		if _, err := tx.NewUpdate().Model(t).WherePK().Column("revoked_at", "revoked_by", "updated_at").Exec(ctx); err != nil {
			return 0, err
		}
		if _, err := tx.NewDelete().Model((*db.TokenSecret)(nil)).Where("token_id = ?", t.ID).Where("expires_at IS NOT NULL").Exec(ctx); err != nil {
			return 0, err
		}
		if err := audit.Record(ctx, tx, now, event(t, "token.revoke", map[string]any{"reason": "its application was deleted"})); err != nil {
			return 0, err
		}
		n++
	}
	_, err := tx.NewUpdate().Model((*db.Token)(nil)).Set("application_id = NULL").Where("application_id = ?", appID).Exec(ctx)
	return n, err
}
