package loaders

import (
	"context"

	"github.com/keyward/keyward/server/approvals"
	"github.com/vikstrous/dataloadgen"
)

type askedKey struct{}

// NewAsked returns a loader of who was asked to decide each pending whitelist entry.
func NewAsked(ap *approvals.Service) *dataloadgen.Loader[int64, []string] {
	return dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64][]string, error) {
		m, err := ap.Asked(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if m[id] == nil {
				m[id] = []string{}
			}
		}
		return m, nil
	}, dataloadgen.WithWait(wait))
}

// Asked returns the request's loader of who may decide each pending entry (a fresh one
// outside a request).
func Asked(ctx context.Context, ap *approvals.Service) *dataloadgen.Loader[int64, []string] {
	if l, ok := ctx.Value(askedKey{}).(*dataloadgen.Loader[int64, []string]); ok {
		return l
	}
	return NewAsked(ap)
}
