package loaders

import (
	"context"
	"errors"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/partners"
	"github.com/vikstrous/dataloadgen"
)

// PartnerLoaders batch the partner and application a user or token points to. A partner or
// application the caller may not see loads as nil (as if there were none).
type PartnerLoaders struct {
	Partner     *dataloadgen.Loader[int64, *db.Partner]
	Application *dataloadgen.Loader[int64, *db.Application]
	// LiveTokens counts an application's tokens that are not revoked.
	LiveTokens *dataloadgen.Loader[int64, int]
}

type partnersKey struct{}

// NewPartners builds fresh partner loaders.
func NewPartners(p *partners.Service) *PartnerLoaders {
	return &PartnerLoaders{
		Partner: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]*db.Partner, error) { return p.PartnersByID(ctx, ids) }, dataloadgen.WithWait(wait)),
		Application: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]*db.Application, error) {
			return p.ApplicationsByID(ctx, ids)
		}, dataloadgen.WithWait(wait)),
		LiveTokens: dataloadgen.NewLoader(func(ctx context.Context, ids []int64) ([]int, []error) {
			counts, err := p.LiveTokenCounts(ctx, ids)
			out := make([]int, len(ids))
			for i, id := range ids {
				out[i] = counts[id]
			}
			if err != nil {
				return out, []error{err}
			}
			return out, nil
		}, dataloadgen.WithWait(wait)),
	}
}

// Partners returns the partner loaders of ctx's request (fresh ones outside a request).
func Partners(ctx context.Context, p *partners.Service) *PartnerLoaders {
	if l, ok := ctx.Value(partnersKey{}).(*PartnerLoaders); ok {
		return l
	}
	return NewPartners(p)
}

// orNil turns a loader's "not in the map" into nil; other errors stay errors.
func orNil[T any](v *T, err error) (*T, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// Load loads the pointed-to row, or nil when there is none or the caller may not see it.
func Load[T any](ctx context.Context, l *dataloadgen.Loader[int64, *T], id *int64) (*T, error) {
	if id == nil {
		return nil, nil
	}
	return orNil(l.Load(ctx, *id))
}
