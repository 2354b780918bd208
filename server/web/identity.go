package web

import (
	"context"
	"net/netip"

	"github.com/keyward/keyward/server/tokens"
)

type identityKey struct{}

type identityVal struct {
	id *tokens.Identity
	ip netip.Addr
}

func withIdentity(ctx context.Context, id *tokens.Identity, ip netip.Addr) context.Context {
	return context.WithValue(ctx, identityKey{}, identityVal{id, ip})
}

// identityFrom returns the verified token of the request and the client IP.
func identityFrom(ctx context.Context) (*tokens.Identity, netip.Addr) {
	v, _ := ctx.Value(identityKey{}).(identityVal)
	return v.id, v.ip
}
