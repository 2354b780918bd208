package access

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// The second sign-in step: a 6-digit code sent by email after the password.
const (
	// LoginCodeLifetime is how long a code works.
	LoginCodeLifetime = 10 * time.Minute
	// LoginCodeAttempts is how many wrong codes end a code.
	LoginCodeAttempts = 5
	// LoginCodesPerWindow codes at most are sent to one user per LoginCodeLifetime.
	LoginCodesPerWindow = 5

	MsgCodeExpired  = "The code has expired or was replaced. Sign in again to get a new one."
	MsgCodeTooMany  = "Too many wrong codes. Sign in again to get a new one."
	MsgCodesTooMany = "Too many codes were sent. Wait a few minutes before signing in again."
)

// SetLoginCodes turns on the emailed code: forAll reads the setting that requires it of
// everyone (else only users with LoginCodeRequired need one), and mail queues the email of
// a new code inside the transaction that creates it.
func (s *Service) SetLoginCodes(forAll func(context.Context) (bool, error), mail func(ctx context.Context, tx bun.Tx, codeID int64) error) {
	s.codeForAll, s.mailCode = forAll, mail
}

func (s *Service) codeRequired(ctx context.Context, u *db.User) (bool, error) {
	if s.mailCode == nil {
		return false, nil
	}
	if u.LoginCodeRequired {
		return true, nil
	}
	return s.codeForAll(ctx)
}

// tooManyCodes refuses (and audits) a sign-in when the user was sent LoginCodesPerWindow
// codes in the last LoginCodeLifetime, so that a known password cannot flood a mailbox.
func (s *Service) tooManyCodes(ctx context.Context, u *db.User, now time.Time) error {
	recent, err := s.db.NewSelect().Model((*db.LoginCode)(nil)).Where("user_id = ?", u.ID).
		Where("created_at > ?", now.Add(-LoginCodeLifetime)).Count(ctx)
	if err != nil || recent < LoginCodesPerWindow {
		return err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, now, audit.Event{Action: "user.login", Outcome: audit.Denied,
			Actor:   userActor(u),
			Details: map[string]any{"reason": "too_many_codes"}})
	})
	if err != nil {
		return err
	}
	return errs.Unauthenticatedf(MsgCodesTooMany)
}

// issueLoginCode ends the user's earlier codes and queues a new one. The row holds no code
// yet: the email job makes it just before sending and stores only its hash.
func (s *Service) issueLoginCode(ctx context.Context, tx bun.Tx, u *db.User, now time.Time) error {
	actor := userActor(u)
	if _, err := tx.NewUpdate().Model((*db.LoginCode)(nil)).Set("used_at = ?", now).
		Where("user_id = ? AND used_at IS NULL", u.ID).Exec(ctx); err != nil {
		return err
	}
	lc := &db.LoginCode{UserID: u.ID, ExpiresAt: now.Add(LoginCodeLifetime), CreatedAt: now}
	if _, err := tx.NewInsert().Model(lc).Returning("id").Exec(ctx); err != nil {
		return err
	}
	if err := s.mailCode(ctx, tx, lc.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "user.login_code", Actor: actor,
		Details: map[string]any{"step": "code_sent"}})
}

// HashLoginCode is the stored form of a code.
func HashLoginCode(code string) string {
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:])
}

// VerifyLoginCode completes the sign-in of userID with the code from the email. A wrong
// code counts against the code (LoginCodeAttempts); a right one works once.
func (s *Service) VerifyLoginCode(ctx context.Context, userID int64, code string) (*db.User, error) {
	return s.verifyCode(ctx, userID, code, Attempt{})
}

// verifyCode checks the code of userID and completes the sign-in as a says.
func (s *Service) verifyCode(ctx context.Context, userID int64, code string, a Attempt) (*db.User, error) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return nil, errs.InvalidField("code", "enter the 6-digit code from the email")
	}
	now := s.now()
	u, err := s.userByID(ctx, userID, false)
	if err != nil {
		return nil, errs.Unauthenticatedf(MsgCodeExpired)
	}
	actor := userActor(u)
	lc := new(db.LoginCode)
	err = s.db.NewSelect().Model(lc).Where("user_id = ? AND used_at IS NULL", userID).OrderExpr("id DESC").Limit(1).Scan(ctx)
	if isNoRows(err) || (err == nil && (!now.Before(lc.ExpiresAt) || !u.Active)) {
		return nil, errs.Unauthenticatedf(MsgCodeExpired)
	} else if err != nil {
		return nil, wrap("verify code", err)
	}
	if lc.CodeHash == "" || subtle.ConstantTimeCompare([]byte(HashLoginCode(code)), []byte(lc.CodeHash)) != 1 {
		left := LoginCodeAttempts - lc.Attempts - 1
		err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			q := tx.NewUpdate().Model(lc).WherePK().Set("attempts = attempts + 1")
			if left <= 0 {
				q = q.Set("used_at = ?", now)
			}
			if _, err := q.Exec(ctx); err != nil {
				return err
			}
			return audit.Record(ctx, tx, now, audit.Event{Action: "user.login_code", Outcome: audit.Failure, Actor: actor,
				Details: map[string]any{"reason": "wrong_code", "attemptsLeft": max(left, 0)}})
		})
		if err != nil {
			return nil, wrap("verify code", err)
		}
		if left <= 0 {
			return nil, errs.Unauthenticatedf(MsgCodeTooMany)
		}
		return nil, errs.InvalidField("code", "the code is not right (%d attempts left)", left)
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := tx.NewUpdate().Model(lc).WherePK().Set("used_at = ?", now).Where("used_at IS NULL").Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errs.Unauthenticatedf(MsgCodeExpired) // used by a concurrent request
		}
		return s.signedIn(ctx, tx, u, now, a, map[string]any{"secondStep": "email_code"})
	})
	if err != nil {
		return nil, wrap("verify code", err)
	}
	return u, nil
}
