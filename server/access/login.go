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

// Login checks an email and password from the client IP ip, slowed down as ThrottlePolicy
// says, and records the attempt. On success it returns the user, and codeSent when the
// sign-in needs a second step: a code was queued by email and VerifyLoginCode completes it.
func (s *Service) Login(ctx context.Context, email, password, ip string) (u *db.User, codeSent bool, err error) {
	return s.SignIn(ctx, Attempt{Email: email, Password: password, IP: ip})
}

// Attempt is one sign-in: an email and password from a client address, and for the API's
// one-request second step, the emailed code.
type Attempt struct {
	Email, Password, IP string
	// Code, when set, completes a sign-in that needs an emailed code in the same request: the
	// password is checked again and no new code is sent. Ignored when no code is needed.
	Code string
	// Via names the channel in the audit trail ("api"; empty: the console).
	Via string
	// Then, when set, runs inside the transaction that records a completed sign-in; what it
	// returns joins the details of the user.login event.
	Then func(ctx context.Context, tx bun.Tx, u *db.User) (map[string]any, error)
}

// SignIn is Login with everything an Attempt may say. codeSent is true when the sign-in
// needs a code and the attempt brought none: one was emailed.
func (s *Service) SignIn(ctx context.Context, a Attempt) (u *db.User, codeSent bool, err error) {
	email, password, ip := strings.ToLower(strings.TrimSpace(a.Email)), a.Password, a.IP
	now := s.now()
	tried := &audit.Actor{Type: audit.ActorAnonymous, Label: email}
	pair, spray := "pair:"+email+"|"+ip, "spray:"+ip

	u = new(db.User)
	err = s.db.NewSelect().Model(u).Where("lower(email) = ?", email).Scan(ctx)
	switch {
	case isNoRows(err):
		u = nil
	case err != nil:
		return nil, false, wrap("login", err)
	}
	if held, err := s.heldBack(ctx, u, pair, spray, ip, now); err != nil {
		return nil, false, wrap("login", err)
	} else if held != "" {
		// Refused without looking at the password: counted, not written on this request.
		s.refusals.Add(ctx, audit.Event{Action: "user.login", Outcome: audit.Denied, Actor: tried, Details: map[string]any{"reason": held}})
		return nil, false, errs.Unauthenticatedf(MsgLocked)
	}

	reason := ""
	switch {
	case u == nil:
		CheckPassword(dummyHash(), password)
		reason = "unknown_email"
	case !CheckPassword(u.PasswordHash, password):
		reason = "wrong_password"
	case !u.Active:
		reason = "disabled"
	}
	if reason != "" {
		if u != nil {
			tried = userActor(u)
		}
		err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			details, err := s.recordFailure(ctx, tx, pair, spray, now)
			if err != nil {
				return err
			}
			details["reason"] = reason
			return audit.Record(ctx, tx, now, audit.Event{Action: "user.login", Outcome: audit.Failure, Actor: tried, Details: details})
		})
		if err != nil {
			return nil, false, wrap("login", err)
		}
		return nil, false, errs.Unauthenticatedf(MsgInvalidLogin)
	}

	codeStep, err := s.codeRequired(ctx, u)
	if err != nil {
		return nil, false, wrap("login", err)
	}
	if codeStep && a.Code != "" {
		// The password was right: the code brought along completes the sign-in.
		err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error { return passed(ctx, tx, pair, u.ID, ip, now) })
		if err != nil {
			return nil, false, wrap("login", err)
		}
		u, err := s.verifyCode(ctx, u.ID, a.Code, a)
		return u, false, err
	}
	if codeStep {
		if err := s.tooManyCodes(ctx, u, now); err != nil {
			return nil, false, wrap("login", err)
		}
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := passed(ctx, tx, pair, u.ID, ip, now); err != nil {
			return err
		}
		if codeStep {
			// The password was right; the sign-in completes with the emailed code.
			return s.issueLoginCode(ctx, tx, u, now)
		}
		return s.signedIn(ctx, tx, u, now, a, nil)
	})
	if err != nil {
		return nil, false, wrap("login", err)
	}
	return u, codeStep, nil
}

// signedIn records a completed sign-in of u in tx: its time, the Then of the attempt and the
// user.login event.
func (s *Service) signedIn(ctx context.Context, tx bun.Tx, u *db.User, now time.Time, a Attempt, details map[string]any) error {
	u.LastLoginAt = &now
	if _, err := tx.NewUpdate().Model(u).WherePK().Column("last_login_at").Exec(ctx); err != nil {
		return err
	}
	if a.Via != "" {
		if details == nil {
			details = map[string]any{}
		}
		details["via"] = a.Via
	}
	if a.Then != nil {
		more, err := a.Then(ctx, tx, u)
		if err != nil {
			return err
		}
		if details == nil && len(more) > 0 {
			details = map[string]any{}
		}
		for k, v := range more {
			details[k] = v
		}
	}
	actor := userActor(u)
	actor.PartnerID = partnerOf(u)
	return audit.Record(ctx, tx, now, audit.Event{Action: "user.login", Details: details, Actor: actor})
}

// userActor is u as the actor of an audit event.
func userActor(u *db.User) *audit.Actor {
	return &audit.Actor{Type: audit.ActorUser, ID: strconv.FormatInt(u.ID, 10), Label: u.Email}
}

func partnerOf(u *db.User) int64 {
	if u.PartnerID == nil {
		return 0
	}
	return *u.PartnerID
}

// heldBack says why a sign-in from ip must wait ("" when it need not): its account failed too
// often from this address, or this address tried too many accounts and u (nil: unknown)
// never signed in from it.
func (s *Service) heldBack(ctx context.Context, u *db.User, pair, spray, ip string, now time.Time) (string, error) {
	var rows []db.LoginThrottle
	if err := s.db.NewSelect().Model(&rows).Where("key IN (?)", bun.In([]string{pair, spray})).Where("locked_until > ?", now).Scan(ctx); err != nil {
		return "", err
	}
	for _, r := range rows {
		if r.Key == pair {
			return "held_back", nil
		}
	}
	if len(rows) == 0 || ip == "" {
		return "", nil
	}
	if u != nil {
		known, err := s.db.NewSelect().Model((*db.LoginAddress)(nil)).Where("user_id = ? AND ip = ?", u.ID, ip).Exists(ctx)
		if err != nil || known {
			return "", err
		}
	}
	return "address_held_back", nil
}

// passed clears the failures of the account from the address (pair) and remembers the
// address: the password was right.
func passed(ctx context.Context, tx bun.Tx, pair string, userID int64, ip string, now time.Time) error {
	if _, err := tx.NewDelete().Model((*db.LoginThrottle)(nil)).Where("key = ?", pair).Exec(ctx); err != nil {
		return err
	}
	return knownAddress(ctx, tx, userID, ip, now)
}

// knownAddress remembers that the user signed in from ip.
func knownAddress(ctx context.Context, tx bun.Tx, userID int64, ip string, now time.Time) error {
	if ip == "" {
		return nil
	}
	_, err := tx.NewInsert().Model(&db.LoginAddress{UserID: userID, IP: ip, LastAt: now}).
		On("CONFLICT (user_id, ip) DO UPDATE").Set("last_at = EXCLUDED.last_at").Exec(ctx)
	return err
}

// counter reads the throttle row of key for update, started over when its window ended; fresh
// says it was.
func (s *Service) counter(ctx context.Context, tx bun.Tx, key string, now time.Time) (row *db.LoginThrottle, fresh bool, err error) {
	row = &db.LoginThrottle{Key: key, WindowStart: now}
	if _, err := tx.NewInsert().Model(row).On("CONFLICT (key) DO NOTHING").Exec(ctx); err != nil {
		return nil, false, fmt.Errorf("throttle insert: %w", err)
	}
	q := tx.NewSelect().Model(row).Where("key = ?", key)
	if s.db.Engine == db.Postgres {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, false, fmt.Errorf("throttle read: %w", err)
	}
	if row.Failures == 0 || now.Sub(row.WindowStart) > s.throttle.Window {
		row.Failures, row.WindowStart, row.LockedUntil = 0, now, nil
		fresh = true
	}
	return row, fresh, nil
}

func saveCounter(ctx context.Context, tx bun.Tx, row *db.LoginThrottle) error {
	_, err := tx.NewUpdate().Model(row).WherePK().Column("failures", "window_start", "locked_until").Exec(ctx)
	if err != nil {
		return fmt.Errorf("throttle update: %w", err)
	}
	return nil
}

// recordFailure counts one failure of the account from the address (pair), and, the first
// time in the window, one more account the address failed against (spray). It returns what
// it held back, for the audit trail.
func (s *Service) recordFailure(ctx context.Context, tx bun.Tx, pair, spray string, now time.Time) (map[string]any, error) {
	details := map[string]any{}
	p, fresh, err := s.counter(ctx, tx, pair, now)
	if err != nil {
		return nil, err
	}
	p.Failures, p.WindowStart = p.Failures+1, now
	if over := p.Failures - s.throttle.PairFree; over > 0 {
		delay := s.throttle.MaxDelay
		if over <= 20 {
			delay = min(s.throttle.PairDelay<<(over-1), s.throttle.MaxDelay)
		}
		until := now.Add(delay)
		p.LockedUntil = &until
		details["heldBackFor"] = delay.String()
	}
	if err := saveCounter(ctx, tx, p); err != nil {
		return nil, err
	}
	if !fresh {
		return details, nil
	}
	sp, _, err := s.counter(ctx, tx, spray, now)
	if err != nil {
		return nil, err
	}
	sp.Failures, sp.WindowStart = sp.Failures+1, now
	if sp.Failures >= s.throttle.SprayAccounts {
		until := now.Add(s.throttle.Lockout)
		sp.LockedUntil = &until
		details["addressHeldBack"] = true
	}
	return details, saveCounter(ctx, tx, sp)
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
	q := s.db.NewSelect().Model(u).Where("id = ?", userID)
	if err := db.Found(ctx, q, errs.Unauthenticatedf("your session has ended; sign in again")); err != nil {
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
	if u.PartnerID != nil {
		p.PartnerID = *u.PartnerID
	}
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
