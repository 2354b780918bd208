package access

import (
	"context"

	"github.com/uptrace/bun"
)

// OnRoleChange registers fn to run after any change to what a role grants is committed: a
// role's permissions, or a module's actions.
func (s *Service) OnRoleChange(fn func()) {
	s.roleChanged = append(s.roleChanged, fn)
}

func (s *Service) rolesChanged() {
	for _, fn := range s.roleChanged {
		fn()
	}
}

// OnUserEnd registers fn to run inside the transaction that disables a user, sets their
// password or deletes them, with the reason: what the user signed in to elsewhere (the API's
// sign-ins) ends there, with the change.
func (s *Service) OnUserEnd(fn func(ctx context.Context, tx bun.Tx, userID int64, reason string) error) {
	s.userEnd = append(s.userEnd, fn)
}

// OnUserChange registers fn to run after any committed change to a user (its role, its
// state), so that what a cache holds of them goes.
func (s *Service) OnUserChange(fn func(userID int64)) {
	s.userChanged = append(s.userChanged, fn)
}

func (s *Service) endUser(ctx context.Context, tx bun.Tx, userID int64, reason string) error {
	for _, fn := range s.userEnd {
		if err := fn(ctx, tx, userID, reason); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) userChangedNow(userID int64) {
	for _, fn := range s.userChanged {
		fn(userID)
	}
}
