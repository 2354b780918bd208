package loaders

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/tokens"
	"github.com/vikstrous/dataloadgen"
)

// TokenLoaders batch the relations of tokens.
type TokenLoaders struct {
	Whitelist      *dataloadgen.Loader[int64, []db.WhitelistEntry]
	PreviousSecret *dataloadgen.Loader[int64, time.Time]
}

// NewTokens builds fresh token loaders.
func NewTokens(t *tokens.Service) *TokenLoaders {
	return &TokenLoaders{
		Whitelist: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64][]db.WhitelistEntry, error) {
			m, err := t.Whitelists(ctx, ids)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if m[id] == nil {
					m[id] = []db.WhitelistEntry{}
				}
			}
			return m, nil
		}, dataloadgen.WithWait(wait)),
		PreviousSecret: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
			m, err := t.PreviousSecretExpiry(ctx, ids)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if _, ok := m[id]; !ok {
					m[id] = time.Time{}
				}
			}
			return m, nil
		}, dataloadgen.WithWait(wait)),
	}
}

type tokensKey struct{}

// Tokens returns the token loaders of ctx's request (fresh ones outside a request).
func Tokens(ctx context.Context, t *tokens.Service) *TokenLoaders {
	if l, ok := ctx.Value(tokensKey{}).(*TokenLoaders); ok {
		return l
	}
	return NewTokens(t)
}
