// Package partners owns the outside organisations that call the APIs (partners: a fintech, a
// retailer) and their integrations (applications, each with a client id that never changes).
// A partner's users and tokens see and change only their partner's objects: every read goes
// through access.Scope, so another partner's object answers NOT_FOUND.
package partners

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
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
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// Service handles partners and applications.
type Service struct {
	db     *db.DB
	clock  clock.Clock
	tokens *tokens.Service
}

// New returns the service, and tells the token service how to read a token's application.
func New(d *db.DB, c clock.Clock, t *tokens.Service) *Service {
	s := &Service{db: d, clock: c, tokens: t}
	t.UseApplications(s.applicationOf)
	return s
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

func wrap(op string, err error) error {
	if err == nil || errs.As(err) != nil {
		return err
	}
	return fmt.Errorf("partners: %s: %w", op, err)
}

// written runs write in a transaction and returns v, or the error, wrapped as op's.
func written[T any](ctx context.Context, s *Service, op string, v *T, write func(context.Context, bun.Tx) error) (*T, error) {
	if err := s.db.RunInTx(ctx, nil, write); err != nil {
		return nil, wrap(op, err)
	}
	return v, nil
}

// visible reads the T with id if the caller may see it (scope names the column that says
// whose it is); otherwise NOT_FOUND names it what.
func visible[T any](ctx context.Context, s *Service, id int64, scope, what string) (*T, error) {
	v := new(T)
	q := access.Scope(ctx, s.db.NewSelect().Model(v).Where("id = ?", id), scope)
	if err := db.Found(ctx, q, errs.NotFoundf("no %s with id %d", what, id)); err != nil {
		return nil, wrap(what, err)
	}
	return v, nil
}

// visibleByID reads the Ts of ids that the caller may see, by id.
func visibleByID[T any](ctx context.Context, s *Service, ids []int64, scope, what string, id func(*T) int64) (map[int64]*T, error) {
	var rows []T
	if err := access.Scope(ctx, s.db.NewSelect().Model(&rows).Where("id IN (?)", bun.In(ids)), scope).Scan(ctx); err != nil {
		return nil, wrap(what+" by id", err)
	}
	out := make(map[int64]*T, len(rows))
	for i := range rows {
		out[id(&rows[i])] = &rows[i]
	}
	return out, nil
}

// orgOnly refuses a partner's user or token: only the organisation's own people manage
// partners (a partner must not make or change another).
func orgOnly(ctx context.Context, act string) error {
	if c := access.Caller(ctx); c == nil || c.PartnerID != 0 {
		return errs.Forbiddenf("only the organisation's own users may %s", act)
	}
	return nil
}

// PartnerInput is the input for creating or changing a partner.
type PartnerInput struct {
	Name                string
	BusinessOwnerEmails []string
}

func validatePartner(in PartnerInput) (string, []string, error) {
	name, err := access.Line("name", "name", in.Name, 100, true)
	if err != nil {
		return "", nil, err
	}
	emails := []string{}
	for _, e := range in.BusinessOwnerEmails {
		if strings.TrimSpace(e) == "" {
			continue
		}
		n, err := access.NormalizeEmail("businessOwnerEmails", e)
		if err != nil {
			return "", nil, err
		}
		if !slices.Contains(emails, n) {
			emails = append(emails, n)
		}
	}
	if len(emails) > 50 {
		return "", nil, errs.InvalidField("businessOwnerEmails", "at most 50 Business Owner emails")
	}
	return name, emails, nil
}

func partnerEvent(p *db.Partner, action string, details map[string]any) audit.Event {
	return audit.Event{Action: action, TargetType: "partner", TargetID: strconv.FormatInt(p.ID, 10), TargetLabel: p.Name,
		Details: details, PartnerID: &p.ID}
}

// CreatePartner adds a partner.
func (s *Service) CreatePartner(ctx context.Context, in PartnerInput) (*db.Partner, error) {
	if err := orgOnly(ctx, "create partners"); err != nil {
		return nil, err
	}
	name, emails, err := validatePartner(in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := &db.Partner{Name: name, BusinessOwnerEmails: emails, CreatedAt: now, UpdatedAt: now}
	return written(ctx, s, "create partner", p, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(p).Returning("id").Exec(ctx); err != nil {
			return nameTaken(err, name)
		}
		return audit.Record(ctx, tx, now, partnerEvent(p, "partner.create", map[string]any{"businessOwnerEmails": emails}))
	})
}

// nameTaken is the error of a write of a partner named name: a clash with another partner's
// name is a conflict.
func nameTaken(err error, name string) error {
	if db.IsUniqueViolation(err) {
		return errs.ConflictField("name", "a partner named %q already exists", name)
	}
	return err
}

// Partner returns the partner with id, if the caller may see it.
func (s *Service) Partner(ctx context.Context, id int64) (*db.Partner, error) {
	return visible[db.Partner](ctx, s, id, "id", "partner")
}

// PartnersByID returns the partners with the given ids that the caller may see, by id.
func (s *Service) PartnersByID(ctx context.Context, ids []int64) (map[int64]*db.Partner, error) {
	return visibleByID(ctx, s, ids, "id", "partners", func(p *db.Partner) int64 { return p.ID })
}

// Partners lists the partners the caller may see, by creation.
func (s *Service) Partners(ctx context.Context, p page.Request) (*page.Of[db.Partner], error) {
	out, err := page.Select[db.Partner](ctx, s.db, p, false, func(q *bun.SelectQuery) *bun.SelectQuery { return access.Scope(ctx, q, "id") })
	return out, wrap("partners", err)
}

// UpdatePartner renames a partner and sets its Business Owners.
func (s *Service) UpdatePartner(ctx context.Context, id int64, in PartnerInput) (*db.Partner, error) {
	if err := orgOnly(ctx, "change partners"); err != nil {
		return nil, err
	}
	p, err := s.Partner(ctx, id)
	if err != nil {
		return nil, err
	}
	name, emails, err := validatePartner(in)
	if err != nil {
		return nil, err
	}
	details := map[string]any{}
	if name != p.Name {
		details["name"] = map[string]string{"from": p.Name, "to": name}
	}
	if !slices.Equal(emails, p.BusinessOwnerEmails) {
		details["businessOwnerEmails"] = map[string]any{"from": p.BusinessOwnerEmails, "to": emails}
	}
	if len(details) == 0 {
		return p, nil
	}
	p.Name, p.BusinessOwnerEmails, p.UpdatedAt = name, emails, s.now()
	return written(ctx, s, "update partner", p, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(p).WherePK().Column("name", "business_owner_emails", "updated_at").Exec(ctx); err != nil {
			return nameTaken(err, name)
		}
		return audit.Record(ctx, tx, p.UpdatedAt, partnerEvent(p, "partner.update", details))
	})
}

// DeletePartner removes a partner that has no users, applications or tokens left.
func (s *Service) DeletePartner(ctx context.Context, id int64) error {
	if err := orgOnly(ctx, "delete partners"); err != nil {
		return err
	}
	p, err := s.Partner(ctx, id)
	if err != nil {
		return err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, c := range []struct {
			model any
			what  string
		}{{(*db.User)(nil), "user(s)"}, {(*db.Application)(nil), "application(s)"}, {(*db.Token)(nil), "token(s)"}} {
			n, err := tx.NewSelect().Model(c.model).Where("partner_id = ?", id).Count(ctx)
			if err != nil {
				return err
			}
			if n > 0 {
				return errs.ConflictField("", "the partner %s still has %d %s: move or delete them first", p.Name, n, c.what)
			}
		}
		if _, err := tx.NewDelete().Model(p).WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), partnerEvent(p, "partner.delete", nil))
	})
	return wrap("delete partner", err)
}

// BusinessOwners returns the Business Owner emails of a partner (none: the global setting
// decides). It reads without scope: the approval workflow asks on the partner's behalf.
func (s *Service) BusinessOwners(ctx context.Context, idb bun.IDB, partnerID int64) ([]string, error) {
	var p db.Partner
	if err := db.Found(ctx, idb.NewSelect().Model(&p).Where("id = ?", partnerID), nil); err != nil {
		return nil, wrap("business owners", err)
	}
	return p.BusinessOwnerEmails, nil
}

// ApplicationInput is the input for creating or changing an application.
type ApplicationInput struct {
	Name        string
	Description string
	// PartnerID: the organisation's own people choose (0: the organisation's own
	// application); a partner's user always creates for its partner.
	PartnerID int64
}

// validateApplication checks the name (required) and description (optional) of an application.
func validateApplication(in ApplicationInput) (name, desc string, err error) {
	if name, err = access.Line("name", "name", in.Name, 100, true); err != nil {
		return "", "", err
	}
	desc, err = access.Text("description", "description", in.Description, 1000, false)
	return name, desc, err
}

const clientIDAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// newClientID is app_ and 20 random lower-case letters and digits: unique, constant, and
// safe to show (it names the application; it grants nothing).
func newClientID() (string, error) {
	b := make([]byte, 20)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(clientIDAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = clientIDAlphabet[n.Int64()]
	}
	return "app_" + string(b), nil
}

func appEvent(a *db.Application, action string, details map[string]any) audit.Event {
	return audit.Event{Action: action, TargetType: "application", TargetID: strconv.FormatInt(a.ID, 10), TargetLabel: a.Name,
		Details: details, PartnerID: a.PartnerID}
}

// partnerFor is the partner an application of the caller belongs to: the caller's own for a
// partner's user (who may not name another), else the one asked for, if it exists.
func (s *Service) partnerFor(ctx context.Context, asked int64) (*int64, error) {
	if own := access.PartnerOf(ctx); own != nil {
		if asked != 0 && asked != *own {
			return nil, errs.InvalidField("partnerId", "the partner does not exist")
		}
		return own, nil
	}
	if asked == 0 {
		return nil, nil
	}
	if _, err := s.Partner(ctx, asked); err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.InvalidField("partnerId", "the partner does not exist")
		}
		return nil, err
	}
	return &asked, nil
}

// CreateApplication adds an application with a new client id.
func (s *Service) CreateApplication(ctx context.Context, in ApplicationInput) (*db.Application, error) {
	name, desc, err := validateApplication(in)
	if err != nil {
		return nil, err
	}
	partner, err := s.partnerFor(ctx, in.PartnerID)
	if err != nil {
		return nil, err
	}
	clientID, err := newClientID()
	if err != nil {
		return nil, wrap("client id", err)
	}
	now := s.now()
	a := &db.Application{ClientID: clientID, Name: name, Description: desc, PartnerID: partner, CreatedAt: now, UpdatedAt: now}
	return written(ctx, s, "create application", a, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(a).Returning("id").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, appEvent(a, "application.create", map[string]any{"clientId": clientID}))
	})
}

// Application returns the application with id, if the caller may see it.
func (s *Service) Application(ctx context.Context, id int64) (*db.Application, error) {
	return visible[db.Application](ctx, s, id, "partner_id", "application")
}

// applicationOf tells the token service the client id, name and partner of an application,
// whoever asks (a token's identity is the same for everyone).
func (s *Service) applicationOf(ctx context.Context, id int64) (tokens.App, error) {
	a := new(db.Application)
	q := s.db.NewSelect().Model(a).Where("id = ?", id)
	if err := db.Found(ctx, q, errs.NotFoundf("no application with id %d", id)); err != nil {
		return tokens.App{}, wrap("application", err)
	}
	app := tokens.App{ID: a.ID, ClientID: a.ClientID, Name: a.Name}
	if a.PartnerID != nil {
		app.PartnerID = *a.PartnerID
	}
	return app, nil
}

// ApplicationsByID returns the applications with the given ids that the caller may see.
func (s *Service) ApplicationsByID(ctx context.Context, ids []int64) (map[int64]*db.Application, error) {
	return visibleByID(ctx, s, ids, "partner_id", "applications", func(a *db.Application) int64 { return a.ID })
}

// LiveTokenCounts returns, for each application of ids, how many of its tokens are not
// revoked (an application with none is left out), in one query.
func (s *Service) LiveTokenCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	q := s.db.NewSelect().Model((*db.Token)(nil)).Where("application_id IN (?)", bun.In(ids)).Where("revoked_at IS NULL")
	out, err := db.CountBy(ctx, access.Scope(ctx, q, "partner_id"), "application_id")
	return out, wrap("token counts", err)
}

// ApplicationFilter narrows a listing of applications.
type ApplicationFilter struct {
	PartnerID int64
	Search    string
}

// Applications lists the applications the caller may see, by name.
func (s *Service) Applications(ctx context.Context, f ApplicationFilter, p page.Request) (*page.Of[db.Application], error) {
	out, err := page.Select[db.Application](ctx, s.db, p, false, func(q *bun.SelectQuery) *bun.SelectQuery {
		q = access.Scope(ctx, q, "partner_id")
		if f.PartnerID > 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
		if t := strings.ToLower(strings.TrimSpace(f.Search)); t != "" {
			like := "%" + page.EscapeLike(t) + "%"
			q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where(`lower(name) LIKE ? ESCAPE '\'`, like).WhereOr(`client_id LIKE ? ESCAPE '\'`, like)
			})
		}
		return q
	})
	return out, wrap("applications", err)
}

// UpdateApplication renames and describes an application; its client id and partner stay.
func (s *Service) UpdateApplication(ctx context.Context, id int64, in ApplicationInput) (*db.Application, error) {
	a, err := s.Application(ctx, id)
	if err != nil {
		return nil, err
	}
	name, desc, err := validateApplication(in)
	if err != nil {
		return nil, err
	}
	if in.PartnerID != 0 && (a.PartnerID == nil || *a.PartnerID != in.PartnerID) {
		return nil, errs.InvalidField("partnerId", "an application stays with its partner: create a new one instead")
	}
	details := map[string]any{}
	if name != a.Name {
		details["name"] = map[string]string{"from": a.Name, "to": name}
	}
	if desc != a.Description {
		details["description"] = true
	}
	if len(details) == 0 {
		return a, nil
	}
	a.Name, a.Description, a.UpdatedAt = name, desc, s.now()
	_, err = written(ctx, s, "update application", a, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(a).WherePK().Column("name", "description", "updated_at").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.UpdatedAt, appEvent(a, "application.update", details))
	})
	if err != nil {
		return nil, err
	}
	// Tokens of the application carry its name in their identity.
	s.tokens.Cache().InvalidateAll()
	return a, nil
}

// DeleteApplication removes an application and revokes its tokens, in one transaction; the
// caller must be able to revoke every one of them.
func (s *Service) DeleteApplication(ctx context.Context, id int64) error {
	a, err := s.Application(ctx, id)
	if err != nil {
		return err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		n, err := s.tokens.RevokeApplication(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model(a).WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), appEvent(a, "application.delete", map[string]any{"clientId": a.ClientID, "tokensRevoked": n}))
	})
	if err != nil {
		return wrap("delete application", err)
	}
	s.tokens.Cache().InvalidateAll()
	return nil
}
