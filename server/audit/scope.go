package audit

import (
	"context"

	"github.com/uptrace/bun"
)

// Scope narrows q to the rows that the actor of ctx may see of a table whose partner is in
// column: a partner's user or token sees only its partner's rows; the organisation's own
// people, and Keyward itself (jobs, the CLI), see them all; an anonymous caller sees none.
// Every read of a partner's objects goes through it, so isolation is written once; the web
// layer sets the actor, partner included, once per request.
func Scope(ctx context.Context, q *bun.SelectQuery, column string) *bun.SelectQuery {
	a := ActorFrom(ctx)
	switch {
	case a.Type == ActorAnonymous:
		return q.Where("1 = 0")
	case a.PartnerID != 0:
		return q.Where(column+" = ?", a.PartnerID)
	}
	return q
}
