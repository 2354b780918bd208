// Package access owns users, roles, the permission catalog, passwords and login throttling.
package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// ThrottlePolicy slows down password guessing without letting anyone lock others out:
//   - one account from one client address: PairFree failures are free, and each further one
//     holds that pair back for a delay that doubles from PairDelay up to MaxDelay. Another
//     address is not affected, so an attacker cannot lock the real user out.
//   - one address failing against SprayAccounts accounts within Window (password spraying)
//     is held back for Lockout from every account that never signed in from it.
//
// Counts start over after Window without a failure, and a right password clears its pair.
type ThrottlePolicy struct {
	PairFree      int
	PairDelay     time.Duration
	MaxDelay      time.Duration
	SprayAccounts int
	Window        time.Duration
	Lockout       time.Duration
}

// DefaultThrottle: 5 free failures per account and address, then 30 s, 1 min … at most
// 15 min; an address failing against 10 accounts in 15 minutes waits 15 minutes.
var DefaultThrottle = ThrottlePolicy{PairFree: 5, PairDelay: 30 * time.Second, MaxDelay: 15 * time.Minute,
	SprayAccounts: 10, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

// Service handles users, roles and the permission catalog.
type Service struct {
	db       *db.DB
	clock    clock.Clock
	throttle ThrottlePolicy
	// roleInUse are the checks, beyond users, that refuse to delete a role still in use.
	roleInUse []func(ctx context.Context, tx bun.Tx, r *db.Role) error
	// roleChanged hear of every committed change to a role's permissions or a module's
	// actions (the token verification cache).
	roleChanged []func()
	// userEnd and userChanged hear of the changes to users (see OnUserEnd, OnUserChange).
	userEnd     []func(ctx context.Context, tx bun.Tx, userID int64, reason string) error
	userChanged []func(userID int64)
	// The emailed sign-in code: whether everyone needs one, and how a code's email is queued.
	codeForAll func(ctx context.Context) (bool, error)
	mailCode   func(ctx context.Context, tx bun.Tx, codeID int64) error
	// refusals counts the sign-ins refused while held back, for the audit trail.
	refusals *audit.Refusals
	// partnerExists tells whether a partner exists (the partners service owns them).
	partnerExists func(ctx context.Context, id int64) error
}

// UsePartners tells the service how to check that a partner exists.
func (s *Service) UsePartners(exists func(ctx context.Context, id int64) error) {
	s.partnerExists = exists
}

// FlushRefusals writes the refused sign-ins that wait (tests; the app flushes on a timer).
func (s *Service) FlushRefusals(ctx context.Context) error { return s.refusals.Flush(ctx) }

// CountRefusals writes the sign-ins refused while held back through r (shared with the other
// refusals of the process).
func (s *Service) CountRefusals(r *audit.Refusals) { s.refusals = r }

// New returns a Service on d.
func New(d *db.DB, c clock.Clock, throttle ThrottlePolicy) *Service {
	return &Service{db: d, clock: c, throttle: throttle, refusals: audit.NewRefusals(d, c)}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

func (s *Service) inTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	return s.db.RunInTx(ctx, nil, fn)
}

// ParseID turns a GraphQL ID into a row id, naming field when it is not one.
func ParseID(field, id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.InvalidField(field, "%s is not a valid id", field)
	}
	return n, nil
}

// NormalizeEmail validates an email address and returns it trimmed and lower-cased.
func NormalizeEmail(field, email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	if e == "" {
		return "", errs.InvalidField(field, "email is required")
	}
	if len(e) > 254 {
		return "", errs.InvalidField(field, "email must be at most 254 characters")
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || !strings.Contains(e[strings.LastIndex(e, "@"):], ".") {
		return "", errs.InvalidField(field, "%q is not a valid email address", email)
	}
	return e, nil
}

// Line trims s and checks it is 1..max characters (or empty, unless required) with no control
// character at all (nor a Unicode line or paragraph separator, nor a bidirectional override):
// names, notes and comments go into emails and logs, where a line break could pass for a line
// of Keyward's own and a reversed run could disguise an address. The error names field and reads as label.
func Line(field, label, s string, max int, required bool) (string, error) {
	return clean(field, label, s, max, required, false)
}

// Text is Line for text of several lines (descriptions): line breaks and tabs are allowed,
// other control characters are not.
func Text(field, label, s string, max int, required bool) (string, error) {
	return clean(field, label, s, max, required, true)
}

func clean(field, label, s string, max int, required, lines bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", errs.InvalidField(field, "%s is required", label)
		}
		return "", nil
	}
	if utf8.RuneCountInString(s) > max {
		return "", errs.InvalidField(field, "%s must be at most %d characters", label, max)
	}
	for _, r := range s {
		if (unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Bidi_Control)) && !(lines && (r == '\n' || r == '\t')) {
			if lines {
				return "", errs.InvalidField(field, "%s must not contain control characters other than line breaks and tabs", label)
			}
			return "", errs.InvalidField(field, "%s must be one line without control characters (line breaks, tabs, NUL…)", label)
		}
	}
	return s, nil
}

var (
	moduleKeyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
	// An action, optionally qualified: read, or read:own (transactions:read:own grants
	// transactions:read limited to "own").
	actionRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}(:[a-z][a-z0-9_]{0,29})?$`)
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// SetupRequired reports whether no user exists yet.
func (s *Service) SetupRequired(ctx context.Context) (bool, error) {
	n, err := s.db.NewSelect().Model((*db.User)(nil)).Count(ctx)
	if err != nil {
		return false, fmt.Errorf("access: count users: %w", err)
	}
	return n == 0, nil
}

// Setup creates the first administrator; it is refused once any user exists.
func (s *Service) Setup(ctx context.Context, email, name, password string) (*db.User, error) {
	in, err := s.validateNewUser(email, name, password)
	if err != nil {
		return nil, err
	}
	var u *db.User
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if s.db.Engine == db.Postgres {
			// Two set-ups racing: the second waits here and then sees the first's user.
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7215001)"); err != nil {
				return err
			}
		}
		n, err := tx.NewSelect().Model((*db.User)(nil)).Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return errs.ConflictField("", "Keyward is already set up: sign in instead")
		}
		admin, err := s.administratorRole(ctx, tx)
		if err != nil {
			return err
		}
		in.RoleID = admin.ID
		u, err = s.insertUser(ctx, tx, in, "setup")
		return err
	})
	if err != nil {
		return nil, wrap("setup", err)
	}
	return u, nil
}

func (s *Service) administratorRole(ctx context.Context, idb bun.IDB) (*db.Role, error) {
	r := new(db.Role)
	err := idb.NewSelect().Model(r).Where("all_permissions = ?", true).Where("builtin = ?", true).OrderExpr("id").Limit(1).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("administrator role: %w", err)
	}
	return r, nil
}

// wrap adds context to an internal error and leaves user-facing ones as they are.
func wrap(op string, err error) error {
	if err == nil || errs.As(err) != nil {
		return err
	}
	return fmt.Errorf("access: %s: %w", op, err)
}
