package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/approvals"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// sizes are how many rows of each list the seed makes.
type sizes struct{ tokens, users, events int }

// The administrator the measurement signs in as.
const (
	adminEmail    = "admin@keyward.example"
	adminPassword = "listbench administrator: correct horse battery staple"
)

// chunk is how many rows one INSERT carries; batch is how many one transaction commits.
const (
	chunk = 1000
	batch = 20_000
)

// seeder makes a realistic Keyward of the given sizes, in bulk: multi-row INSERTs, many
// per transaction, with ids it assigns itself (after whatever rows exist).
type seeder struct {
	d   *db.DB
	r   *rand.Rand
	now time.Time
	n   sizes

	roles    []db.Role // every role, Administrator first
	apiPerms []string  // the permissions of the API modules
	partners []db.Partner
	apps     []db.Application
	users    []db.User
	managers map[int64][]int // by partner (0: the organisation), indexes into users of those who issue tokens
	owners   map[int64][]string
	toks     []tokenRef
}

// tokenRef is what the audit trail needs to know of a token.
type tokenRef struct {
	id        int64
	name      string
	partnerID *int64
}

// seed fills d (migrated, possibly holding rows already) and returns how long it took.
func seed(ctx context.Context, d *db.DB, n sizes) (time.Duration, error) {
	start := time.Now()
	s := &seeder{d: d, r: rand.New(rand.NewPCG(20261122, uint64(n.tokens))), now: start.UTC().Truncate(time.Second), n: n,
		managers: map[int64][]int{}, owners: map[int64][]string{}}
	if d.Engine == db.SQLite {
		// One connection with a page cache that holds the indexes being filled: SQLite's
		// default 2 MB would read and write them from the file row after row.
		d.SQL.SetMaxOpenConns(1)
		if _, err := d.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return 0, err
		}
	}
	// The demo's modules and roles come from Keyward itself, as `keyward demo` makes them.
	if _, _, err := access.New(d, clock.System{}, access.DefaultThrottle).SeedDemo(ctx); err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"roles", s.seedRoles}, {"partners", s.seedPartners}, {"users", s.seedUsers},
		{"tokens", s.seedTokens}, {"audit events", s.seedEvents}, {"statistics", s.finish},
	}
	for _, st := range steps {
		t := time.Now()
		if err := st.fn(ctx); err != nil {
			return 0, fmt.Errorf("%s: %w", st.name, err)
		}
		fmt.Printf("  %-13s %s\n", st.name, time.Since(t).Round(10*time.Millisecond))
	}
	return time.Since(start), nil
}

// nextID is the id after the largest of table.
func (s *seeder) nextID(ctx context.Context, table string) (int64, error) {
	var max int64
	err := s.d.NewSelect().Table(table).ColumnExpr("coalesce(max(id), 0)").Scan(ctx, &max)
	return max + 1, err
}

// insert writes rows in multi-row INSERTs, batch rows per transaction.
func insert[T any](ctx context.Context, d *db.DB, rows []T) error {
	for len(rows) > 0 {
		n := min(len(rows), batch)
		part := rows[:n]
		rows = rows[n:]
		err := d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for len(part) > 0 {
				m := min(len(part), chunk)
				c := part[:m]
				part = part[m:]
				if _, err := tx.NewInsert().Model(&c).Returning("NULL").Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// between is a random instant in [a, b).
func (s *seeder) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(s.r.Int64N(int64(b.Sub(a))))).Truncate(time.Millisecond)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// spread is the i-th of n instants spread evenly over the year before now, so that ids and
// times grow together as they do in a live Keyward.
func (s *seeder) spread(i, n int) time.Time {
	year := 365 * 24 * time.Hour
	step := (year - time.Hour) / time.Duration(max(n, 1))
	return s.now.Add(-year).Add(time.Duration(i)*step + time.Duration(s.r.Int64N(int64(max(step, 1))))).Truncate(time.Millisecond)
}

var roleNames = []string{
	"Payments service", "Reporting reader", "Ledger writer", "KYC processor", "Partner read-only",
	"Mobile backend", "Web portal", "Data warehouse export", "Fraud engine", "Settlement batch",
	"Customer support", "Compliance reviewer", "Treasury", "Onboarding service", "Card issuing",
	"Notifications", "Payouts", "CRM sync", "Risk scoring", "Branch operations", "Quotes engine",
	"Wallet service", "Beneficiary sync", "Analytics pipeline",
}

// seedRoles adds roles of 3 to 14 permissions of the API modules beside the built-in and
// demo ones.
func (s *seeder) seedRoles(ctx context.Context) error {
	var perms []db.Permission
	if err := s.d.NewSelect().Model(&perms).Where("builtin = ?", false).OrderExpr("name").Scan(ctx); err != nil {
		return err
	}
	for _, p := range perms {
		s.apiPerms = append(s.apiPerms, p.Name)
	}
	id, err := s.nextID(ctx, "roles")
	if err != nil {
		return err
	}
	var roles []db.Role
	var rps []db.RolePermission
	for _, name := range roleNames {
		t := s.between(s.now.Add(-400*24*time.Hour), s.now.Add(-370*24*time.Hour))
		roles = append(roles, db.Role{ID: id, Name: name, Description: "Permissions of the " + strings.ToLower(name), CreatedAt: t, UpdatedAt: t})
		for _, i := range s.r.Perm(len(s.apiPerms))[:min(len(s.apiPerms), 3+s.r.IntN(12))] {
			rps = append(rps, db.RolePermission{RoleID: id, Permission: s.apiPerms[i]})
		}
		id++
	}
	if err := insert(ctx, s.d, roles); err != nil {
		return err
	}
	if err := insert(ctx, s.d, rps); err != nil {
		return err
	}
	return s.d.NewSelect().Model(&s.roles).OrderExpr("all_permissions DESC, id").Scan(ctx)
}

var partnerNames = []string{
	"Acme Fintech", "Northwind Payments", "Globex Remit", "Initech Lending", "Umbrella Pay",
	"Stark Capital", "Wayne Financial", "Hooli Wallet", "Vandelay Imports", "Soylent Credit",
	"Tyrell Exchange", "Cyberdyne Billing", "Oscorp Card", "Wonka Rewards", "Gringotts Trust",
	"Monarch Savings", "Pied Piper Pay", "Aperture Treasury", "Black Mesa Bank", "Dunder Mifflin Pay",
	"Bluth Money", "Prestige Worldwide", "Sterling Cooper FX", "Massive Dynamic",
}

var appKinds = []string{"Mobile", "Web checkout", "Back office", "Payouts API", "Reconciliation", "Merchant portal", "POS terminals", "Webhooks"}

func slug(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// seedPartners adds partners with their Business Owners and three to six applications each,
// and a few applications of the organisation's own.
func (s *seeder) seedPartners(ctx context.Context) error {
	pid, err := s.nextID(ctx, "partners")
	if err != nil {
		return err
	}
	aid, err := s.nextID(ctx, "applications")
	if err != nil {
		return err
	}
	var existing []string
	if err := s.d.NewSelect().Model((*db.Partner)(nil)).ColumnExpr("lower(name)").Scan(ctx, &existing); err != nil {
		return err
	}
	app := func(partner *int64, label string, t time.Time) {
		const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
		b := make([]byte, 20)
		for i := range b {
			b[i] = alphabet[s.r.IntN(len(alphabet))]
		}
		s.apps = append(s.apps, db.Application{ID: aid, ClientID: "app_" + string(b), Name: label,
			Description: label + " integration", PartnerID: partner, CreatedAt: t, UpdatedAt: t})
		aid++
	}
	for _, name := range partnerNames {
		if slices.Contains(existing, strings.ToLower(name)) {
			continue
		}
		t := s.between(s.now.Add(-380*24*time.Hour), s.now.Add(-300*24*time.Hour))
		owners := []string{"owner@" + slug(name) + ".example"}
		if s.r.IntN(2) == 0 {
			owners = append(owners, "risk@"+slug(name)+".example")
		}
		p := db.Partner{ID: pid, Name: name, BusinessOwnerEmails: owners, CreatedAt: t, UpdatedAt: t}
		s.partners = append(s.partners, p)
		s.owners[pid] = owners
		for _, k := range s.r.Perm(len(appKinds))[:3+s.r.IntN(4)] {
			app(&s.partners[len(s.partners)-1].ID, name+" "+appKinds[k], s.between(t, t.Add(60*24*time.Hour)))
		}
		pid++
	}
	for _, k := range appKinds[:4] {
		app(nil, "FinCode "+k, s.between(s.now.Add(-380*24*time.Hour), s.now.Add(-300*24*time.Hour)))
	}
	s.owners[0] = []string{"security@keyward.example", "cto@keyward.example"}
	if err := insert(ctx, s.d, s.partners); err != nil {
		return err
	}
	return insert(ctx, s.d, s.apps)
}

var firstNames = []string{
	"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger",
	"Radia", "Tim", "Hedy", "John", "Katherine", "Donald", "Sophie", "Guido", "Anita", "Bjarne",
	"Maria", "José", "Aiko", "Chen", "Fatima", "Omar", "Priya", "Ravi", "Olga", "Ivan",
	"Ingrid", "Lars", "Chiara", "Luca", "Amara", "Kwame", "Zanele", "Mateo", "Lucía", "Noah",
	"Emma", "Liam", "Mia", "Yusuf", "Elif", "Hiroshi", "Mei", "Thabo", "Nadia", "Pierre",
}

var lastNames = []string{
	"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra",
	"Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Johnson", "Knuth", "Wilson", "van Rossum", "Borg", "Stroustrup",
	"García", "Rodríguez", "Tanaka", "Wang", "Haddad", "Farouk", "Sharma", "Patel", "Ivanova", "Petrov",
	"Larsen", "Nilsson", "Rossi", "Bianchi", "Okafor", "Mensah", "Dlamini", "Fernández", "López", "Martin",
	"Schmidt", "Müller", "Dubois", "Yilmaz", "Kaya", "Sato", "Li", "Nkosi", "Kowalski", "Novak",
}

// fakeHash is an argon2id hash in Keyward's format of no password anyone knows: seeding
// ten thousand real ones would take minutes.
func (s *seeder) fakeHash() string {
	salt, key := make([]byte, 16), make([]byte, 32)
	for i := range salt {
		salt[i] = byte(s.r.Uint32())
	}
	for i := range key {
		key[i] = byte(s.r.Uint32())
	}
	b64 := base64.RawStdEncoding
	return "$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(key)
}

// roleWeights spread people and tokens over the roles: name → weight; the rest share what
// is left.
func (s *seeder) pickRole(weights map[string]int, rest int) int64 {
	total := rest
	for _, w := range weights {
		total += w
	}
	n := s.r.IntN(total)
	for _, r := range s.roles {
		if w, ok := weights[r.Name]; ok {
			if n < w {
				return r.ID
			}
			n -= w
		}
	}
	var others []int64
	for _, r := range s.roles {
		if _, ok := weights[r.Name]; !ok && !r.AllPermissions {
			others = append(others, r.ID)
		}
	}
	return pick(s.r, others)
}

// seedUsers adds the administrator and the people of the organisation and of its partners.
func (s *seeder) seedUsers(ctx context.Context) error {
	id, err := s.nextID(ctx, "users")
	if err != nil {
		return err
	}
	var taken []string
	if err := s.d.NewSelect().Model((*db.User)(nil)).ColumnExpr("lower(email)").Scan(ctx, &taken); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, e := range taken {
		seen[e] = true
	}
	if seen[adminEmail] {
		return fmt.Errorf("the database already has %s: seed a fresh one", adminEmail)
	}
	hash, err := access.HashPassword(adminPassword)
	if err != nil {
		return err
	}
	admin := s.roles[0]
	t0 := s.now.Add(-366 * 24 * time.Hour)
	s.users = append(s.users, db.User{ID: id, Email: adminEmail, Name: "Ada Administrator", PasswordHash: hash, RoleID: admin.ID,
		Active: true, LastLoginAt: &s.now, CreatedAt: t0, UpdatedAt: t0})
	seen[adminEmail] = true
	s.managers[0] = append(s.managers[0], 0)
	var sm int64
	for _, r := range s.roles {
		if r.Name == access.SecurityManager {
			sm = r.ID
		}
	}
	weights := map[string]int{access.SecurityManager: 15, "Business Owner": 8, "Auditor": 5, "Administrator": 1}
	for i := 1; i < s.n.users; i++ {
		id++
		first, last := pick(s.r, firstNames), pick(s.r, lastNames)
		u := db.User{ID: id, Name: first + " " + last, PasswordHash: s.fakeHash(), Active: s.r.IntN(100) >= 7,
			LoginCodeRequired: s.r.IntN(100) < 8, CreatedAt: s.spread(i, s.n.users)}
		domain := "keyward.example"
		var partner int64
		if s.r.IntN(100) < 12 && len(s.partners) > 0 {
			p := pick(s.r, s.partners)
			partner, domain = p.ID, slug(p.Name)+".example"
			u.PartnerID = &p.ID
			u.RoleID = s.pickRole(map[string]int{access.SecurityManager: 30, "Business Owner": 20}, 50)
		} else {
			u.RoleID = s.pickRole(weights, 71)
		}
		local := strings.ToLower(slug(first) + "." + slug(last))
		u.Email = local + "@" + domain
		for k := 2; seen[u.Email]; k++ {
			u.Email = local + strconv.Itoa(k) + "@" + domain
		}
		seen[u.Email] = true
		u.UpdatedAt = u.CreatedAt
		if s.r.IntN(100) < 75 {
			t := s.between(u.CreatedAt, s.now)
			u.LastLoginAt = &t
		}
		s.users = append(s.users, u)
		if u.RoleID == sm && u.Active {
			s.managers[partner] = append(s.managers[partner], len(s.users)-1)
		}
	}
	return insert(ctx, s.d, s.users)
}

var (
	envs     = []string{"prod", "production", "staging", "sandbox", "dev", "qa", "uat", "dr"}
	services = []string{"billing", "payments", "KYC", "reporting", "ledger", "mobile app", "web portal", "data warehouse",
		"CRM sync", "fraud engine", "notifications", "settlement", "payouts", "onboarding", "analytics", "partner gateway",
		"card issuing", "treasury", "risk scoring", "quotes", "wallets", "beneficiaries", "branch POS", "support desk"}
	purposes = []string{"export", "sync", "ingest", "webhook", "batch job", "integration", "reader", "writer", "monitor",
		"backfill", "nightly run", "worker", "cron", "connector", "probe", "migration"}
	notes = []string{"office NAT", "AWS eu-west-1 NAT gateway", "GCP europe-west1 egress", "data centre Frankfurt",
		"VPN concentrator", "CI runners", "partner egress", "home office", "Azure West Europe", "load balancer"}
)

// tokenName is a varied, unique token name for the i-th token.
func (s *seeder) tokenName(i int, app *db.Application) string {
	svc, pur := pick(s.r, services), pick(s.r, purposes)
	switch s.r.IntN(5) {
	case 0:
		return fmt.Sprintf("%s-%s-%s-%d", strings.ReplaceAll(strings.ToLower(svc), " ", "-"), strings.ReplaceAll(pur, " ", "-"), pick(s.r, envs), i)
	case 1:
		if app != nil {
			return fmt.Sprintf("%s %s #%d", app.Name, pur, i)
		}
		fallthrough
	case 2:
		return fmt.Sprintf("%s %s (%s) %d", strings.ToUpper(svc[:1])+svc[1:], pur, pick(s.r, envs), i)
	default:
		return fmt.Sprintf("%s %s %s %05d", pick(s.r, envs), svc, pur, i)
	}
}

// randomIP is a public-looking address: IPv4 mostly, IPv6 sometimes.
func (s *seeder) randomIP() netip.Addr {
	if s.r.IntN(10) == 0 {
		var b [16]byte
		b[0], b[1], b[2], b[3] = 0x20, 0x01, 0x0d, 0xb8
		for i := 4; i < 16; i++ {
			b[i] = byte(s.r.Uint32())
		}
		return netip.AddrFrom16(b)
	}
	return netip.AddrFrom4([4]byte{byte(11 + s.r.IntN(180)), byte(s.r.Uint32()), byte(s.r.Uint32()), byte(1 + s.r.IntN(254))})
}

// cidr is a canonical whitelist range: a single address mostly, a network sometimes.
func (s *seeder) cidr() string {
	a := s.randomIP()
	bits := a.BitLen()
	switch n := s.r.IntN(10); {
	case n < 2 && a.Is4():
		bits = 24
	case n < 3 && a.Is4():
		bits = 28
	case n < 4 && a.Is6():
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p.String()
}

// seedTokens adds tokens with their secrets, whitelists and the approval requests of their
// pending entries.
func (s *seeder) seedTokens(ctx context.Context) error {
	tid, err := s.nextID(ctx, "tokens")
	if err != nil {
		return err
	}
	wid, err := s.nextID(ctx, "whitelist_entries")
	if err != nil {
		return err
	}
	rid, err := s.nextID(ctx, "approval_requests")
	if err != nil {
		return err
	}
	var taken []string
	if err := s.d.NewSelect().Model((*db.Token)(nil)).ColumnExpr("lower(name)").Scan(ctx, &taken); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, n := range taken {
		seen[n] = true
	}
	today := s.now.Format(time.DateOnly)
	var (
		toks    []db.Token
		secrets []db.TokenSecret
		entries []db.WhitelistEntry
		reqs    []db.ApprovalRequest
	)
	flush := func() error {
		err := insert(ctx, s.d, toks)
		if err == nil {
			err = insert(ctx, s.d, secrets)
		}
		if err == nil {
			err = insert(ctx, s.d, entries)
		}
		if err == nil {
			err = insert(ctx, s.d, reqs)
		}
		toks, secrets, entries, reqs = toks[:0], secrets[:0], entries[:0], reqs[:0]
		return err
	}
	weights := map[string]int{"MANAGER": 6, "AGENT": 10, "CASHIER": 8, "CUSTOMER": 14, "Auditor": 2, "Administrator": 1}
	for i := 0; i < s.n.tokens; i++ {
		t := db.Token{ID: tid, CreatedAt: s.spread(i, s.n.tokens), RoleID: s.pickRole(weights, 59)}
		tid++
		var app *db.Application
		var partner int64
		switch n := s.r.IntN(100); {
		case n < 22 && len(s.apps) > 0:
			app = &s.apps[s.r.IntN(len(s.apps))]
			t.ApplicationID, t.PartnerID = &app.ID, app.PartnerID
			if app.PartnerID != nil {
				partner = *app.PartnerID
			}
		case n < 28 && len(s.partners) > 0:
			p := &s.partners[s.r.IntN(len(s.partners))]
			t.PartnerID, partner = &p.ID, p.ID
		}
		t.Name = s.tokenName(i, app)
		for k := 2; seen[strings.ToLower(t.Name)]; k++ {
			t.Name = fmt.Sprintf("%s (%d)", t.Name, k)
		}
		seen[strings.ToLower(t.Name)] = true
		issuers := s.managers[partner]
		if len(issuers) == 0 {
			issuers = s.managers[0]
		}
		creator := &s.users[pick(s.r, issuers)]
		t.CreatedByID, t.CreatedBy = &creator.ID, creator.Email
		sec, err := tokens.NewSecret()
		if err != nil {
			return err
		}
		t.Hint = tokens.Hint(sec)
		h := tokens.HashOf(string(sec))
		secrets = append(secrets, db.TokenSecret{Hash: hex.EncodeToString(h[:]), TokenID: t.ID, CreatedAt: t.CreatedAt})
		t.UpdatedAt = t.CreatedAt
		if s.r.IntN(100) >= 25 {
			e := t.CreatedAt.Add(time.Duration(pick(s.r, []int{30, 90, 90, 180, 365, 365})) * 24 * time.Hour)
			t.ExpiresAt = &e
			t.ExpiryReminders = s.r.IntN(100) < 35
		}
		end := s.now
		if s.r.IntN(100) < 7 {
			rv := s.between(t.CreatedAt, s.now)
			t.RevokedAt, t.RevokedBy, t.UpdatedAt, end = &rv, creator.Email, rv, rv
		}
		if t.ExpiresAt != nil && t.ExpiresAt.Before(end) {
			end = *t.ExpiresAt
		}
		if t.ExpiryReminders {
			// As the hourly scan leaves them: today's reminder queued, expiry notices sent.
			t.RemindedOn = today
			if !t.ExpiresAt.After(s.now) {
				t.ExpiryNoticeFor = t.ExpiresAt
			}
		}
		if s.r.IntN(100) < 65 && end.After(t.CreatedAt) {
			u := s.between(t.CreatedAt, end)
			t.LastUsedAt, t.LastUsedIP, t.UseCount = &u, s.randomIP().String(), int64(1+s.r.ExpFloat64()*5000)
		}
		if t.RevokedAt == nil && s.r.IntN(100) < 2 {
			// Regenerated lately: the old secret lives on for a few days.
			old, _ := tokens.NewSecret()
			oh := tokens.HashOf(string(old))
			g := s.now.Add(time.Duration(1+s.r.IntN(7*24)) * time.Hour)
			secrets = append(secrets, db.TokenSecret{Hash: hex.EncodeToString(oh[:]), TokenID: t.ID, ExpiresAt: &g, CreatedAt: t.CreatedAt})
		}
		if s.r.IntN(100) < 45 {
			n := pick(s.r, []int{1, 1, 1, 1, 1, 1, 2, 2, 2, 3})
			cidrs := map[string]bool{}
			for range n {
				c := s.cidr()
				if cidrs[c] {
					continue
				}
				cidrs[c] = true
				e := db.WhitelistEntry{ID: wid, TokenID: t.ID, CIDR: c, RequestedBy: creator.Email, CreatedAt: s.between(t.CreatedAt, t.CreatedAt.Add(48*time.Hour))}
				wid++
				if s.r.IntN(100) < 30 {
					e.Note = pick(s.r, notes)
				}
				owners := s.owners[partner]
				if len(owners) == 0 {
					owners = s.owners[0]
				}
				switch n := s.r.IntN(100); {
				case n < 6 && t.RevokedAt == nil:
					e.Status = tokens.EntryPending
					for _, o := range owners {
						link := sha256.Sum256([]byte(fmt.Sprint(e.ID, o)))
						lh := hex.EncodeToString(link[:])
						sent := s.now.Add(-time.Duration(1+s.r.IntN(40)) * time.Hour)
						reqs = append(reqs, db.ApprovalRequest{ID: rid, EntryID: &e.ID, TokenID: &t.ID, TokenName: t.Name, CIDR: c,
							OwnerEmail: o, RequesterID: &creator.ID, RequestedBy: creator.Email, LinkHash: &lh, State: approvals.Pending,
							ExpiresAt: sent.Add(72 * time.Hour), SentAt: &sent, CreatedAt: sent, PartnerID: t.PartnerID})
						rid++
					}
				case n < 10:
					e.Status, e.DecidedBy = tokens.EntryRejected, pick(s.r, owners)
				default:
					e.Status, e.DecidedBy = tokens.EntryApproved, pick(s.r, owners)
				}
				if e.Status != tokens.EntryPending {
					d := s.between(e.CreatedAt, e.CreatedAt.Add(24*time.Hour))
					e.DecidedAt = &d
				}
				entries = append(entries, e)
			}
		}
		toks = append(toks, t)
		s.toks = append(s.toks, tokenRef{id: t.ID, name: t.Name, partnerID: t.PartnerID})
		if len(toks) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return tokens.MarkWhitelisted(ctx, s.d)
}

// action is one kind of audit event, with how often it happens.
type action struct {
	name, actor, target, outcome string
	weight                       int
}

var actions = []action{
	{"user.login", "user", "", "SUCCESS", 300},
	{"user.login", "user", "", "FAILURE", 40},
	{"user.login", "anonymous", "", "FAILURE", 20},
	{"user.logout", "user", "user", "SUCCESS", 80},
	{"token.use", "token", "token", "FAILURE", 150},
	{"token.use", "anonymous", "", "FAILURE", 60},
	{"token.use", "token", "token", "DENIED", 20},
	{"access.denied", "user", "operation", "DENIED", 30},
	{"token.create", "user", "token", "SUCCESS", 50},
	{"token.update", "user", "token", "SUCCESS", 40},
	{"token.regenerate", "user", "token", "SUCCESS", 20},
	{"token.revoke", "user", "token", "SUCCESS", 20},
	{"token.renew", "user", "token", "SUCCESS", 10},
	{"token.delete", "user", "token", "SUCCESS", 5},
	{"whitelist.add", "user", "token", "SUCCESS", 40},
	{"whitelist.remove", "user", "token", "SUCCESS", 10},
	{"approval.request", "user", "token", "SUCCESS", 20},
	{"approval.approve", "approver", "token", "SUCCESS", 20},
	{"approval.reject", "approver", "token", "SUCCESS", 5},
	{"signin.refresh", "user", "user", "SUCCESS", 30},
	{"user.create", "user", "user", "SUCCESS", 10},
	{"user.update", "user", "user", "SUCCESS", 20},
	{"role.update", "user", "role", "SUCCESS", 5},
	{"settings.update", "user", "settings", "SUCCESS", 2},
	{"audit.prune", "system", "", "SUCCESS", 1},
}

var userAgents = []string{
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
	"Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1", "okhttp/4.12.0", "axios/1.7.2",
}

var reasons = []string{"unknown", "expired", "revoked", "ip_not_allowed", "malformed", "rate_limited"}

// seedEvents adds the audit trail, oldest first, batch by batch.
func (s *seeder) seedEvents(ctx context.Context) error {
	id, err := s.nextID(ctx, "audit_events")
	if err != nil {
		return err
	}
	total := 0
	for _, a := range actions {
		total += a.weight
	}
	ips := make([]string, 3000)
	for i := range ips {
		ips[i] = s.randomIP().String()
	}
	evs := make([]db.AuditEvent, 0, batch)
	for i := 0; i < s.n.events; i++ {
		n := s.r.IntN(total)
		a := actions[0]
		for _, x := range actions {
			if n < x.weight {
				a = x
				break
			}
			n -= x.weight
		}
		e := db.AuditEvent{ID: id, At: s.spread(i, s.n.events), Action: a.name, Outcome: a.outcome, IP: pick(s.r, ips),
			UserAgent: pick(s.r, userAgents), Details: "{}"}
		id++
		details := map[string]any{}
		u := &s.users[s.r.IntN(len(s.users))]
		switch a.actor {
		case "user":
			e.ActorType, e.ActorID, e.ActorLabel, e.PartnerID = "USER", strconv.FormatInt(u.ID, 10), u.Email, u.PartnerID
		case "token":
			if len(s.toks) > 0 {
				t := s.toks[s.r.IntN(len(s.toks))]
				e.ActorType, e.ActorID, e.ActorLabel, e.PartnerID = "TOKEN", strconv.FormatInt(t.id, 10), t.name, t.partnerID
			}
		case "approver":
			e.ActorType, e.ActorLabel = "APPROVER", pick(s.r, s.owners[0])
		case "system":
			e.ActorType, e.IP, e.UserAgent = "SYSTEM", "", ""
			details["removed"] = s.r.IntN(5000)
		default:
			e.ActorType = "ANONYMOUS"
		}
		switch a.target {
		case "token":
			if len(s.toks) > 0 {
				t := s.toks[s.r.IntN(len(s.toks))]
				e.TargetType, e.TargetID, e.TargetLabel = "token", strconv.FormatInt(t.id, 10), t.name
				if e.PartnerID == nil {
					e.PartnerID = t.partnerID
				}
			}
		case "user":
			e.TargetType, e.TargetID, e.TargetLabel = "user", strconv.FormatInt(u.ID, 10), u.Email
		case "role":
			r := pick(s.r, s.roles)
			e.TargetType, e.TargetID, e.TargetLabel = "role", strconv.FormatInt(r.ID, 10), r.Name
			details["added"] = []string{pick(s.r, s.apiPerms)}
		case "operation":
			e.TargetType, e.TargetLabel = "operation", pick(s.r, []string{"createToken", "updateUser", "deleteRole", "updateSettings"})
			details["reason"] = "the caller lacks a permission the role grants"
		case "settings":
			e.TargetType = "settings"
			details["whitelistApproval"] = map[string]bool{"from": false, "to": true}
		}
		switch {
		case a.name == "token.use":
			details["count"], details["reason"] = 1+int(s.r.ExpFloat64()*20), pick(s.r, reasons)
			if e.ActorType == "ANONYMOUS" {
				sec, _ := tokens.NewSecret()
				details["hint"] = tokens.Hint(sec)
			}
		case a.name == "user.login" && e.ActorType == "ANONYMOUS":
			e.ActorLabel = strings.ToLower(pick(s.r, firstNames)) + "@unknown.example"
			details["reason"] = "unknown email"
		case a.name == "user.login":
			details["via"] = pick(s.r, []string{"console", "console", "console", "api"})
		case strings.HasPrefix(a.name, "whitelist.") || strings.HasPrefix(a.name, "approval."):
			details["cidr"] = s.cidr()
		}
		if len(details) > 0 {
			b, _ := json.Marshal(details)
			e.Details = string(b)
		}
		evs = append(evs, e)
		if len(evs) == batch {
			if err := insert(ctx, s.d, evs); err != nil {
				return err
			}
			evs = evs[:0]
		}
	}
	return insert(ctx, s.d, evs)
}

// finish moves Postgres' id sequences past the ids the seed assigned and gathers the
// planner's statistics, as autovacuum would have by the time anyone opens the console.
// SQLite is left as Keyward leaves it.
func (s *seeder) finish(ctx context.Context) error {
	if s.d.Engine != db.Postgres {
		return nil
	}
	for _, t := range []string{"roles", "partners", "applications", "users", "tokens", "whitelist_entries", "approval_requests", "audit_events"} {
		if _, err := s.d.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT max(id) FROM "+t+"))", t); err != nil {
			return err
		}
	}
	_, err := s.d.ExecContext(ctx, "VACUUM ANALYZE")
	return err
}
