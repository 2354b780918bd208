package access

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
