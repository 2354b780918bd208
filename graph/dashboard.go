package graph

import (
	"strconv"
	"strings"

	"github.com/keyward/keyward/graph/model"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/approvals"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/tokens"
)

func usageDays(days []tokens.UsageDay, err error) ([]model.UsageDay, error) {
	if days == nil || err != nil {
		return nil, err
	}
	out := make([]model.UsageDay, len(days))
	for i, d := range days {
		out[i] = model.UsageDay{Day: d.Day, Ok: int(d.OK), Refused: int(d.Refused)}
	}
	return out, nil
}

func tokenSummary(s *tokens.Summary, err error) (*model.TokenSummary, error) {
	if s == nil || err != nil {
		return nil, err
	}
	return &model.TokenSummary{TotalCount: s.Total, TotalCountExact: s.TotalExact, Tokens: s.Tokens}, nil
}

func pendingApprovals(d *approvals.Decidable, err error) (*model.PendingApprovals, error) {
	if d == nil || err != nil {
		return nil, err
	}
	out := &model.PendingApprovals{TotalCount: d.Total, Requests: make([]approvals.Request, len(d.Requests))}
	for i, r := range d.Requests {
		out.Requests[i] = *r
	}
	return out, nil
}

func refusalCounts(rs []audit.ReasonCount, err error) ([]model.RefusalCount, error) {
	if err != nil {
		return nil, err
	}
	out := make([]model.RefusalCount, len(rs))
	for i, r := range rs {
		out[i] = model.RefusalCount{Reason: r.Reason, Count: int(r.Count)}
	}
	return out, nil
}

// tokenOrder is the domain's order for the orderBy argument (nil: newest first).
func tokenOrder(o *model.TokenOrder) tokens.Order {
	if o == nil {
		return tokens.Order{}
	}
	return tokens.Order{Field: string(o.Field), Desc: o.Direction != nil && *o.Direction == model.OrderDirectionDesc}
}

// ids parses a list of ids, naming field when one is bad.
func parseIDs(field string, in []string) ([]int64, error) {
	out := make([]int64, len(in))
	for i, s := range in {
		id, err := access.ParseID(field, s)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// emailProblem is a failing email as the console shows it.
func emailProblem(p notify.EmailProblem) model.EmailProblem {
	ep := model.EmailProblem{ID: strconv.FormatInt(p.ID, 10), Type: p.Email.Type, State: strings.ToUpper(p.State), Attempt: p.Attempt,
		MaxAttempts: p.MaxAttempts, CreatedAt: p.CreatedAt, Recipient: nonEmpty(p.Email.To), LastError: nonEmpty(p.LastError)}
	if p.State == "retryable" {
		ep.NextAttemptAt = &p.NextRunAt
	}
	return ep
}
