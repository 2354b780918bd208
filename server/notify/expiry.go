package notify

import (
	"context"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/mail"
)

// composeExpiry renders a reminder or the expired notice of a token, unless the token has
// been renewed, revoked or deleted since the job was queued.
func (s *Service) composeExpiry(ctx context.Context, a EmailArgs) (*mail.Message, error) {
	t, err := rowByID[db.Token](ctx, s.db, a.ID)
	if t == nil {
		return nil, err
	}
	if t.ExpiresAt == nil || t.RevokedAt != nil || !t.ExpiryReminders || a.To == "" {
		return nil, nil
	}
	now := s.now()
	url := s.tokenURL(&t.ID)
	data := map[string]any{"TokenName": t.Name, "ExpiresAt": *t.ExpiresAt, "TokenURL": url,
		"Button": mail.Button{URL: url, Label: "Renew the token"}}
	if a.Type == EmailTokenExpired {
		if now.Before(*t.ExpiresAt) {
			return nil, nil // renewed since
		}
		return mail.Render("token_expired", data, a.To)
	}
	if !now.Before(*t.ExpiresAt) {
		return nil, nil // the expired notice says it instead
	}
	data["DaysLeft"] = int(t.ExpiresAt.Sub(now).Hours() / 24)
	return mail.Render("expiry_reminder", data, a.To)
}

// composeLoginCode makes a sign-in code, keeps its hash and renders the email.
func (s *Service) composeLoginCode(ctx context.Context, id int64) (*mail.Message, error) {
	lc, err := rowByID[db.LoginCode](ctx, s.db, id)
	if lc == nil {
		return nil, err
	}
	now := s.now()
	if lc.UsedAt != nil || !now.Before(lc.ExpiresAt) {
		return nil, nil
	}
	u, err := s.access.User(ctx, lc.UserID)
	if err != nil {
		return nil, err
	}
	code := NewCode()
	res, err := s.db.NewUpdate().Model(lc).Set("code_hash = ?", Hash(code)).WherePK().Where("used_at IS NULL").Exec(ctx)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, nil // used or replaced meanwhile
	}
	return mail.Render("login_code", map[string]any{"Name": u.Name, "Code": code, "Minutes": int(lc.ExpiresAt.Sub(lc.CreatedAt).Minutes())}, u.Email)
}
