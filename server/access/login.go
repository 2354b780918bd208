package access

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// The messages a failed login shows. Unknown email, wrong password and disabled account read
// the same, so a login never tells whether an account exists.
const (
	MsgInvalidLogin = "Invalid email or password."
	MsgLocked       = "Too many failed sign-in attempts. Try again in a few minutes."
)

// Login checks an email and password from the client IP ip, with throttling per account and
// per IP, and records the attempt. On success it returns the user, and codeSent when the
// sign-in needs a second step: a code was queued by email and VerifyLoginCode completes it.
func (s *Service) Login(ctx context.Context, email, password, ip string) (u *db.User, codeSent bool, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now()
	tried := &audit.Actor{Type: audit.ActorAnonymous, Label: email}
	keys := []throttleKey{{"email:" + email, s.throttle.MaxFailures}}
	if ip != "" {
		keys = append(keys, throttleKey{"ip:" + ip, s.throttle.IPMaxFailures})
	}
	if locked, err := s.locked(ctx, keys, now); err != nil {
		return nil, false, wrap("login", err)
	} else if locked {
		err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return audit.Record(ctx, tx, now, audit.Event{Action: "user.login", Outcome: audit.Denied, Actor: tried,
				Details: map[string]any{"reason": "locked"}})
		})
		if err != nil {
			return nil, false, wrap("login", err)
		}
		return nil, false, errs.Unauthenticatedf(MsgLocked)
	}

	u = new(db.User)
	reason := ""
	err = s.db.NewSelect().Model(u).Where("lower(email) = ?", email).Scan(ctx)
	switch {
	case isNoRows(err):
		CheckPassword(dummyHash(), password)
		reason, u = "unknown_email", nil
	case err != nil:
		return nil, false, wrap("login", err)
	case !CheckPassword(u.PasswordHash, password):
		reason = "wrong_password"
	case !u.Active:
		reason = "disabled"
	}
	if reason != "" {
		if u != nil {
			tried = &audit.Actor{Type: audit.ActorUser, ID: strconv.FormatInt(u.ID, 10), Label: u.Email}
		}
		err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			lockedNow, err := s.recordFailure(ctx, tx, keys, now)
			if err != nil {
				return err
			}
			details := map[string]any{"reason": reason}
			if lockedNow {
				details["locked"] = true
			}
			return audit.Record(ctx, tx, now, audit.Event{Action: "user.login", Outcome: audit.Failure, Actor: tried, Details: details})
		})
		if err != nil {
			return nil, false, wrap("login", err)
		}
		return nil, false, errs.Unauthenticatedf(MsgInvalidLogin)
	}

	codeStep, err := s.codeRequired(ctx, u)
	if err == nil && codeStep {
		err = s.tooManyCodes(ctx, u, now)
	}
	if err != nil {
		return nil, false, wrap("login", err)
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*db.LoginThrottle)(nil)).Where("key = ?", keys[0].key).Exec(ctx); err != nil {
			return err
		}
		if codeStep {
			// The password was right; the sign-in completes with the emailed code.
			return s.issueLoginCode(ctx, tx, u, now)
		}
		u.LastLoginAt = &now
		if _, err := tx.NewUpdate().Model(u).WherePK().Column("last_login_at").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "user.login",
			Actor: &audit.Actor{Type: audit.ActorUser, ID: strconv.FormatInt(u.ID, 10), Label: u.Email}})
	})
	if err != nil {
		return nil, false, wrap("login", err)
	}
	return u, codeStep, nil
}

type throttleKey struct {
	key string
	max int
}

func (s *Service) locked(ctx context.Context, keys []throttleKey, now time.Time) (bool, error) {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	n, err := s.db.NewSelect().Model((*db.LoginThrottle)(nil)).
		Where("key IN (?)", bun.In(names)).Where("locked_until > ?", now).Count(ctx)
	return n > 0, err
}

// recordFailure counts one failure against each key and reports whether it locked any.
func (s *Service) recordFailure(ctx context.Context, tx bun.Tx, keys []throttleKey, now time.Time) (bool, error) {
	lockedAny := false
	for _, k := range keys {
		row := &db.LoginThrottle{Key: k.key, WindowStart: now}
		if _, err := tx.NewInsert().Model(row).On("CONFLICT (key) DO NOTHING").Exec(ctx); err != nil {
			return false, fmt.Errorf("throttle insert: %w", err)
		}
		q := tx.NewSelect().Model(row).Where("key = ?", k.key)
		if s.db.Engine == db.Postgres {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); err != nil {
			return false, fmt.Errorf("throttle read: %w", err)
		}
		if now.Sub(row.WindowStart) > s.throttle.Window {
			row.Failures, row.WindowStart, row.LockedUntil = 0, now, nil
		}
		row.Failures++
		if row.Failures >= k.max {
			until := now.Add(s.throttle.Lockout)
			row.LockedUntil, row.Failures, row.WindowStart = &until, 0, now
			lockedAny = true
		}
		if _, err := tx.NewUpdate().Model(row).WherePK().Column("failures", "window_start", "locked_until").Exec(ctx); err != nil {
			return false, fmt.Errorf("throttle update: %w", err)
		}
	}
	return lockedAny, nil
}

// RecordLogout notes a sign-out in the audit trail.
func (s *Service) RecordLogout(ctx context.Context, p *Principal) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, s.now(), audit.Event{Action: "user.logout", TargetType: "user",
			TargetID: strconv.FormatInt(p.UserID, 10), TargetLabel: p.Email})
	})
}

// PrincipalForUser loads the signed-in user with the permissions of their role. A missing or
// disabled user is unauthenticated.
func (s *Service) PrincipalForUser(ctx context.Context, userID int64) (*Principal, error) {
	u := new(db.User)
	if err := s.db.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
		if isNoRows(err) {
			return nil, errs.Unauthenticatedf("your session has ended; sign in again")
		}
		return nil, wrap("principal", err)
	}
	if !u.Active {
		return nil, errs.Unauthenticatedf("your account is disabled")
	}
	p, err := s.PrincipalForRole(ctx, u.RoleID)
	if err != nil {
		return nil, err
	}
	p.UserID, p.Email, p.Name = u.ID, u.Email, u.Name
	return p, nil
}

// PrincipalForRole returns a principal holding the permissions of the role (for users and
// tokens alike).
func (s *Service) PrincipalForRole(ctx context.Context, roleID int64) (*Principal, error) {
	r, err := roleByID(ctx, s.db, roleID)
	if err != nil {
		return nil, wrap("principal role", err)
	}
	p := &Principal{RoleID: r.ID, RoleName: r.Name, All: r.AllPermissions, Permissions: map[string]bool{}}
	perms, err := s.PermissionsOfRoles(ctx, []*db.Role{r})
	if err != nil {
		return nil, err
	}
	for _, name := range perms[0] {
		p.Permissions[name] = true
	}
	return p, nil
}
