package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/mail/mailtest"
)

// linkBase is the address the approval links below start with.
var linkBase = apptest.WithBaseURL("https://keyward.example.com")

// mailEnv starts Keyward with a test SMTP server, fast jobs and linkBase on each database.
func mailEnv(t *testing.T, fn func(t *testing.T, e *apptest.Env, smtp *mailtest.Server)) {
	apptest.EachWithMail(t, fn, linkBase)
}

var linkRE = regexp.MustCompile(`https://keyward\.example\.com/approve/([A-Za-z0-9_-]{43})`)

const approvalFields = `id status state tokenName roleName permissions cidr requestedBy ownerEmail decidedBy decidedAt comment expiresAt entry { id cidr status }`

type approvalOut struct {
	ID, Status, State, TokenName, Cidr, RequestedBy, OwnerEmail, Comment, DecidedBy string
	RoleName                                                                        *string
	Permissions                                                                     []string
	DecidedAt                                                                       *time.Time
	ExpiresAt                                                                       time.Time
	Entry                                                                           struct{ ID, Cidr, Status string }
}

func turnOnApproval(t *testing.T, admin *apptest.Client, owners ...string) {
	t.Helper()
	var out struct {
		UpdateSettings struct{ WhitelistApproval bool }
	}
	admin.MustDo(`mutation($i:SettingsInput!){ updateSettings(input:$i){ whitelistApproval } }`,
		map[string]any{"i": map[string]any{"whitelistApproval": true, "businessOwnerEmails": owners}}, &out)
}

func whoamiStatus(t *testing.T, e *apptest.Env, secret string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/api/v1/whoami", nil)
	req.Header.Set("X-Auth-Token", secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// mailed waits up to 10 seconds for the n-th email and returns all those sent so far.
func mailed(t *testing.T, smtp *mailtest.Server, n int) []mailtest.Message {
	t.Helper()
	msgs, err := smtp.Wait(n, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// requestApproval has admin turn on approval by owner and create a token (an Auditor) named
// name that whitelists cidr; it returns the token and the link in the email asking owner.
func requestApproval(t *testing.T, admin *apptest.Client, smtp *mailtest.Server, owner, name, cidr string) (tokenOut, string) {
	t.Helper()
	turnOnApproval(t, admin, owner)
	out := createToken(admin, name, admin.RoleID("Auditor"), map[string]any{"whitelist": []string{cidr}})
	return out, links(t, mailed(t, smtp, 1))[owner]
}

// links returns the approval links of the messages, by recipient.
func links(t *testing.T, msgs []mailtest.Message) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range msgs {
		if !strings.HasPrefix(m.Subject, "Approve ") {
			continue
		}
		tm, hm := linkRE.FindStringSubmatch(m.Text), linkRE.FindStringSubmatch(m.HTML)
		if tm == nil || hm == nil || tm[1] != hm[1] {
			t.Fatalf("approval email to %v lacks the same link in both parts:\n%s\n%s", m.To, m.Text, m.HTML)
		}
		out[m.To[0]] = tm[1]
	}
	return out
}

func TestOwnerApprovesFromTheEmail(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		turnOnApproval(t, admin, "bo1@example.com", "bo2@example.com")
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		out := createToken(sm, "Billing", sm.RoleID("Security Manager"), map[string]any{"whitelist": []string{"127.0.0.1"}})
		secret := out.CreateToken.Secret
		if w := out.CreateToken.Token.Whitelist; len(w) != 1 || w[0].Status != "PENDING" {
			t.Fatalf("whitelist = %+v", w)
		}
		if s := whoamiStatus(t, e, secret); s != http.StatusForbidden {
			t.Fatalf("a pending entry admitted the token: %d", s)
		}

		msgs := mailed(t, smtp, 2)
		byOwner := links(t, msgs)
		if len(byOwner) != 2 || byOwner["bo1@example.com"] == "" || byOwner["bo2@example.com"] == "" || byOwner["bo1@example.com"] == byOwner["bo2@example.com"] {
			t.Fatalf("links by owner: %v", byOwner)
		}
		m := msgs[0]
		if m.Subject != `Approve 127.0.0.1/32 for the API token "Billing"?` {
			t.Errorf("subject %q", m.Subject)
		}
		for _, want := range []string{"Role:         Security Manager", "tokens:write", "sm@example.com", "expires at"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("text lacks %q:\n%s", want, m.Text)
			}
		}

		// Opening the link (the page, then its query, twice) decides nothing.
		anon := e.Client(t)
		link := byOwner["bo1@example.com"]
		res, err := http.Get(e.Server.URL + "/approve/" + link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var got struct{ ApprovalRequest *approvalOut }
		for range 2 {
			anon.MustDo(`query($l:String!){ approvalRequest(link:$l){ `+approvalFields+` } }`, map[string]any{"l": link}, &got)
		}
		a := got.ApprovalRequest
		if a == nil || a.State != "PENDING" || a.Status != "PENDING" || a.TokenName != "Billing" || a.Cidr != "127.0.0.1/32" ||
			a.OwnerEmail != "bo1@example.com" || a.RequestedBy != "sm@example.com" || a.RoleName == nil || *a.RoleName != "Security Manager" || len(a.Permissions) == 0 {
			t.Fatalf("approval request = %+v", a)
		}
		if s := whoamiStatus(t, e, secret); s != http.StatusForbidden {
			t.Fatalf("viewing the request admitted the token: %d", s)
		}
		// A forged link opens nothing.
		anon.MustDo(`query($l:String!){ approvalRequest(link:$l){ id } }`, map[string]any{"l": strings.Repeat("x", 43)}, &got)
		if got.ApprovalRequest != nil {
			t.Fatal("a forged link opened a request")
		}
		r := anon.Do(`mutation($l:String!){ decideApproval(link:$l, approve:true){ id } }`, map[string]any{"l": strings.Repeat("x", 43)})
		if r.Code() != "NOT_FOUND" {
			t.Fatalf("forged decision: %+v", r.Errors)
		}

		var dec struct{ DecideApproval approvalOut }
		anon.MustDo(`mutation($l:String!){ decideApproval(link:$l, approve:true, comment:"Known partner range"){ `+approvalFields+` } }`, map[string]any{"l": link}, &dec)
		if d := dec.DecideApproval; d.State != "APPROVED" || d.DecidedBy != "bo1@example.com" || d.Comment != "Known partner range" || d.Entry.Status != "APPROVED" {
			t.Fatalf("decision = %+v", d)
		}
		if s := whoamiStatus(t, e, secret); s != http.StatusOK {
			t.Fatalf("the approved entry does not admit the token: %d", s)
		}
		// Single use, and the first decision wins over the other owner's link.
		for _, l := range []string{link, byOwner["bo2@example.com"]} {
			r := anon.Do(`mutation($l:String!){ decideApproval(link:$l, approve:false){ id } }`, map[string]any{"l": l})
			if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "already approved by bo1@example.com") {
				t.Fatalf("second decision: %+v", r.Errors)
			}
		}

		// The requester is told in the console and by email.
		var inbox struct {
			Notifications struct {
				UnreadCount int
				Items       []struct{ Title, Body, Link string }
			}
		}
		sm.MustDo(`{ notifications { unreadCount items { title body link } } }`, nil, &inbox)
		if inbox.Notifications.UnreadCount != 1 || inbox.Notifications.Items[0].Title != "127.0.0.1/32 was approved for Billing" ||
			!strings.Contains(inbox.Notifications.Items[0].Body, "Known partner range") {
			t.Fatalf("inbox = %+v", inbox)
		}
		var read struct{ MarkNotificationsRead int }
		sm.MustDo(`mutation{ markNotificationsRead }`, nil, &read)
		sm.MustDo(`{ notifications { unreadCount items { title body link } } }`, nil, &inbox)
		if read.MarkNotificationsRead != 1 || inbox.Notifications.UnreadCount != 0 {
			t.Fatalf("after marking read: %d, %+v", read.MarkNotificationsRead, inbox)
		}
		msgs = mailed(t, smtp, 3)
		d := msgs[2]
		if d.To[0] != "sm@example.com" || d.Subject != `127.0.0.1/32 was approved for the API token "Billing"` || !strings.Contains(d.Text, "Known partner range") ||
			!strings.Contains(d.HTML, "https://keyward.example.com/tokens/"+out.CreateToken.Token.ID) {
			t.Fatalf("decision email: %+v", d)
		}

		// The decision is audited with the approver, and no link is stored or logged in the clear.
		var audit struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Action, Actor, ActorType, Ip string }
				}
			}
		}
		admin.MustDo(`{ auditEvents(filter:{action:"approval.approve"}){ edges { node { action actor actorType ip } } } }`, nil, &audit)
		if len(audit.AuditEvents.Edges) != 1 || audit.AuditEvents.Edges[0].Node.Actor != "bo1@example.com" || audit.AuditEvents.Edges[0].Node.ActorType != "APPROVER" ||
			audit.AuditEvents.Edges[0].Node.Ip != "127.0.0.1" {
			t.Fatalf("audit = %+v", audit)
		}
		assertNowhere(t, e, link)
	})
}

// assertNowhere checks that secret is in no table we write it near and no log line.
func assertNowhere(t *testing.T, e *apptest.Env, secret string) {
	t.Helper()
	ctx := context.Background()
	n, err := e.App.DB.NewSelect().Model((*db.ApprovalRequest)(nil)).Where("link_hash = ?", secret).Count(ctx)
	if err != nil || n != 0 {
		t.Fatalf("link stored in the clear: %d, %v", n, err)
	}
	for _, q := range []struct{ table, col string }{{"river_job", "args"}, {"audit_events", "details"}, {"notifications", "body"}} {
		var texts []string
		if err := e.App.DB.NewSelect().Table(q.table).ColumnExpr("CAST("+q.col+" AS TEXT)").Scan(ctx, &texts); err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			if strings.Contains(s, secret) {
				t.Fatalf("%s holds the secret: %s", q.table, s)
			}
		}
	}
	if strings.Contains(e.LogText(), secret) {
		t.Fatal("the secret is in the log")
	}
}

func TestApprovalLinksExpireAndConcurrentDecisionsHaveOneWinner(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		owners := []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com"}
		turnOnApproval(t, admin, owners...)
		out := createToken(admin, "Race", admin.RoleID("Auditor"), map[string]any{"whitelist": []string{"10.0.0.0/8"}})
		msgs := mailed(t, smtp, 4)
		byOwner := links(t, msgs)
		var wg sync.WaitGroup
		results := make(chan string, len(owners))
		for i, o := range owners {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.Client(t).Do(`mutation($l:String!,$a:Boolean!){ decideApproval(link:$l, approve:$a){ state } }`, map[string]any{"l": byOwner[o], "a": i%2 == 0})
				if len(r.Errors) == 0 {
					results <- "ok"
				} else {
					results <- r.Code()
				}
			}()
		}
		wg.Wait()
		close(results)
		wins := 0
		for r := range results {
			switch r {
			case "ok":
				wins++
			case "CONFLICT":
			default:
				t.Errorf("a concurrent decision failed with %s", r)
			}
		}
		if wins != 1 {
			t.Fatalf("%d decisions won", wins)
		}

		// A second entry: its links expire after the configured lifetime (72 hours).
		var add struct{ AddWhitelistEntry struct{ ID, Status string } }
		admin.MustDo(`mutation($t:ID!){ addWhitelistEntry(tokenId:$t, cidr:"192.0.2.7"){ id status } }`, map[string]any{"t": out.CreateToken.Token.ID}, &add)
		// 4 requests, the decision email to the requester, then 4 more requests.
		msgs = mailed(t, smtp, 9)
		late := links(t, msgs[4:])["a@example.com"] // links skips the decision email, wherever it landed
		e.Clock.Add(72 * time.Hour)
		admin = e.SignIn(t, "admin@example.com") // the session timed out meanwhile
		var got struct{ ApprovalRequest approvalOut }
		e.Client(t).MustDo(`query($l:String!){ approvalRequest(link:$l){ `+approvalFields+` } }`, map[string]any{"l": late}, &got)
		if got.ApprovalRequest.State != "EXPIRED" || got.ApprovalRequest.Status != "PENDING" {
			t.Fatalf("expired request = %+v", got.ApprovalRequest)
		}
		r := e.Client(t).Do(`mutation($l:String!){ decideApproval(link:$l, approve:true){ state } }`, map[string]any{"l": late})
		if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "expired") {
			t.Fatalf("decision on an expired link: %+v", r.Errors)
		}
		// Resending makes new links; an owner with a console account can also decide there.
		var resend struct{ ResendApprovalRequest int }
		admin.MustDo(`mutation($id:ID!){ resendApprovalRequest(entryId:$id) }`, map[string]any{"id": add.AddWhitelistEntry.ID}, &resend)
		if resend.ResendApprovalRequest != 4 {
			t.Fatalf("resent %d", resend.ResendApprovalRequest)
		}
		mailed(t, smtp, 13)
		var pending struct{ ApprovalRequests []approvalOut }
		admin.MustDo(`{ approvalRequests { `+approvalFields+` } }`, nil, &pending)
		if len(pending.ApprovalRequests) != 1 || pending.ApprovalRequests[0].Cidr != "192.0.2.7/32" {
			t.Fatalf("pending = %+v", pending.ApprovalRequests)
		}
		// The requester cannot decide its own request, not even as an administrator.
		var mine struct {
			ApprovalRequests []struct {
				CanDecide          bool
				CannotDecideReason *string
			}
		}
		admin.MustDo(`{ approvalRequests { canDecide cannotDecideReason } }`, nil, &mine)
		if mine.ApprovalRequests[0].CanDecide || mine.ApprovalRequests[0].CannotDecideReason == nil || !strings.Contains(*mine.ApprovalRequests[0].CannotDecideReason, "you asked") {
			t.Fatalf("the requester's view = %+v", mine.ApprovalRequests)
		}
		if r := admin.Do(`mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state } }`, map[string]any{"id": add.AddWhitelistEntry.ID}); r.Code() != "FORBIDDEN" {
			t.Fatalf("the requester decided its own request: %+v", r.Errors)
		}
		owner := e.CreateUser(t, admin, "a@example.com", "Business Owner")
		var dec struct{ DecideWhitelistEntry approvalOut }
		owner.MustDo(`mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:false, comment:"not ours"){ `+approvalFields+` } }`, map[string]any{"id": add.AddWhitelistEntry.ID}, &dec)
		if dec.DecideWhitelistEntry.State != "REJECTED" || dec.DecideWhitelistEntry.DecidedBy != "a@example.com" {
			t.Fatalf("console decision = %+v", dec.DecideWhitelistEntry)
		}
		admin.MustDo(`{ approvalRequests { id } }`, nil, &pending)
		if len(pending.ApprovalRequests) != 0 {
			t.Fatalf("still pending: %+v", pending.ApprovalRequests)
		}
	})
}

func TestEmailSurvivesAnSMTPOutage(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		smtp.SetDown(true)
		var sent struct{ SendTestEmail bool }
		admin.MustDo(`mutation{ sendTestEmail(to:"ops@example.com") }`, nil, &sent)
		// The failure shows in the console while SMTP is down.
		var st struct {
			EmailStatus struct {
				Transport string
				Problems  []struct{ Type, State, Recipient, LastError string }
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			admin.MustDo(`{ emailStatus { transport problems { type state recipient lastError } } }`, nil, &st)
			if len(st.EmailStatus.Problems) > 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if st.EmailStatus.Transport != "smtp" || len(st.EmailStatus.Problems) != 1 || st.EmailStatus.Problems[0].Type != "test" ||
			st.EmailStatus.Problems[0].State != "RETRYABLE" || st.EmailStatus.Problems[0].Recipient != "ops@example.com" ||
			!strings.Contains(st.EmailStatus.Problems[0].LastError, "451") {
			t.Fatalf("email status = %+v", st.EmailStatus)
		}
		if n := len(smtp.Messages()); n != 0 {
			t.Fatalf("%d messages while down", n)
		}
		smtp.SetDown(false)
		msgs := mailed(t, smtp, 1)
		if msgs[0].To[0] != "ops@example.com" || msgs[0].Subject != "Keyward test email" {
			t.Fatalf("delivered %+v", msgs[0])
		}
		if link := "https://keyward.example.com/settings"; !strings.Contains(msgs[0].Text, link) || !strings.Contains(msgs[0].HTML, link) {
			t.Fatalf("the test email lacks %s in a part:\n%s\n%s", link, msgs[0].Text, msgs[0].HTML)
		}
		time.Sleep(500 * time.Millisecond) // more than a few retry intervals: nothing comes twice
		if n := len(smtp.Messages()); n != 1 {
			t.Fatalf("%d messages delivered, want exactly 1", n)
		}
		admin.MustDo(`{ emailStatus { transport problems { type state recipient lastError } } }`, nil, &st)
		if len(st.EmailStatus.Problems) != 0 {
			t.Fatalf("problems after delivery: %+v", st.EmailStatus.Problems)
		}
		r := admin.Do(`mutation{ sendTestEmail(to:"not an address") }`, nil)
		if r.Code() != "BAD_USER_INPUT" || r.Field() != "to" {
			t.Fatalf("bad address: %+v", r.Errors)
		}
	})
}

// The requester withdraws a pending entry: its links show CANCELLED and decide nothing, and
// it leaves the Approvals list.
func TestCancelledRequestDecidesNothing(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		_, link := requestApproval(t, admin, smtp, "bo@example.com", "Withdrawn", "192.0.2.0/24")
		var pending struct {
			ApprovalRequests []struct{ Entry struct{ ID string } }
		}
		admin.MustDo(`{ approvalRequests { entry { id } } }`, nil, &pending)
		if len(pending.ApprovalRequests) != 1 {
			t.Fatalf("pending: %+v", pending)
		}
		admin.MustDo(`mutation($id:ID!){ removeWhitelistEntry(id:$id) }`, map[string]any{"id": pending.ApprovalRequests[0].Entry.ID}, &struct{}{})

		anon := e.Client(t)
		var got struct{ ApprovalRequest *approvalOut }
		anon.MustDo(`query($l:String!){ approvalRequest(link:$l){ state cidr tokenName } }`, map[string]any{"l": link}, &got)
		if got.ApprovalRequest == nil || got.ApprovalRequest.State != "CANCELLED" || got.ApprovalRequest.Cidr != "192.0.2.0/24" {
			t.Fatalf("after cancelling: %+v", got.ApprovalRequest)
		}
		r := anon.Do(`mutation($l:String!){ decideApproval(link:$l, approve:true){ state } }`, map[string]any{"l": link})
		if r.Code() != "CONFLICT" || r.Field() != "link" || !strings.Contains(r.Errors[0].Message, "withdrawn") {
			t.Fatalf("deciding a cancelled request: %+v", r.Errors)
		}
		admin.MustDo(`{ approvalRequests { entry { id } } }`, nil, &pending)
		if len(pending.ApprovalRequests) != 0 {
			t.Fatalf("a cancelled request is still listed: %+v", pending)
		}
		var audit struct {
			AuditEvents struct {
				Edges []struct{ Node struct{ Details string } }
			}
		}
		admin.MustDo(`{ auditEvents(filter:{action:"whitelist.remove"}){ edges { node { details } } } }`, nil, &audit)
		if len(audit.AuditEvents.Edges) != 1 || !strings.Contains(audit.AuditEvents.Edges[0].Node.Details, "PENDING") {
			t.Fatalf("audit: %+v", audit.AuditEvents.Edges)
		}
	})
}

// A request nobody decides expires: its requester is told once (in the console), the audit
// trail records it, and the entry stays pending, admitting nothing, until it is resent and
// approved; a resent request that expires again is told again.
func TestExpiredRequestTellsTheRequester(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		waitForPeriodic(t, e, "approval_expiry", 1) // the start-up run, before anything can expire
		admin := e.SetupAdmin(t)
		turnOnApproval(t, admin, "bo@example.com")
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		out := createToken(sm, "Quiet", sm.RoleID("Security Manager"), map[string]any{"whitelist": []string{"127.0.0.1"}})
		mailed(t, smtp, 1)
		notice := func() int {
			t.Helper()
			var total atomic.Int64
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					n, err := e.App.Approvals.NoticeExpired(context.Background())
					if err != nil {
						t.Error(err)
					}
					total.Add(int64(n))
				})
			}
			wg.Wait()
			return int(total.Load())
		}
		if n := notice(); n != 0 {
			t.Fatalf("%d requests noticed as expired before their time", n)
		}

		e.Clock.Add(72 * time.Hour)
		if n := notice(); n != 1 {
			t.Fatalf("three concurrent runs noticed %d expired requests, want 1", n)
		}
		if n := notice(); n != 0 {
			t.Fatalf("a later run noticed %d more", n)
		}
		sm = e.SignIn(t, "sm@example.com")
		var inbox struct {
			Notifications struct {
				UnreadCount int
				Items       []struct{ Kind, Title, Link string }
			}
		}
		sm.MustDo(`{ notifications { unreadCount items { kind title link } } }`, nil, &inbox)
		want := "/tokens/" + out.CreateToken.Token.ID
		if it := inbox.Notifications.Items; inbox.Notifications.UnreadCount != 1 || it[0].Kind != "approval.expired" ||
			it[0].Title != "The request for 127.0.0.1/32 on Quiet expired" || it[0].Link != want {
			t.Fatalf("inbox = %+v", inbox.Notifications)
		}
		msgs := mailed(t, smtp, 2)
		m, link := msgs[1], "https://keyward.example.com"+want
		if m.To[0] != "sm@example.com" || m.Subject != `Your request for 127.0.0.1/32 on the API token "Quiet" expired` ||
			!strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) {
			t.Fatalf("expiry email %q to %v:\n%s", m.Subject, m.To, m.Text)
		}
		if s := whoamiStatus(t, e, out.CreateToken.Secret); s != http.StatusForbidden {
			t.Fatalf("an expired request admitted the token: %d", s)
		}
		admin = e.SignIn(t, "admin@example.com")
		var audit struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Actor, Target string }
				}
			}
		}
		admin.MustDo(`{ auditEvents(filter:{action:"approval.expire"}){ edges { node { actor target } } } }`, nil, &audit)
		if ev := audit.AuditEvents.Edges; len(ev) != 1 || ev[0].Node.Target != "Quiet" {
			t.Fatalf("approval.expire events: %+v", ev)
		}

		// Resent, it gets a new lifetime; expiring again, it is noticed again.
		var tok struct {
			Token struct{ Whitelist []struct{ ID string } }
		}
		admin.MustDo(`query($id:ID!){ token(id:$id){ whitelist { id } } }`, map[string]any{"id": out.CreateToken.Token.ID}, &tok)
		entry := tok.Token.Whitelist[0].ID
		var resend struct{ ResendApprovalRequest int }
		admin.MustDo(`mutation($id:ID!){ resendApprovalRequest(entryId:$id) }`, map[string]any{"id": entry}, &resend)
		if n := notice(); n != 0 {
			t.Fatalf("a fresh resent request was noticed as expired (%d)", n)
		}
		mailed(t, smtp, 3) // the new link, sent before it expires
		e.Clock.Add(72 * time.Hour)
		if n := notice(); n != 1 {
			t.Fatalf("the resent request's expiry was noticed %d times, want 1", n)
		}
		settle(t, e)
		if n := len(smtp.Messages()); n != 4 { // request, expired, resent request, expired
			t.Fatalf("%d emails, want 4: %q", n, subjects(smtp.Messages()))
		}
	})
}

// A job that runs again after it sent its email (River rescues a job whose process died
// before it could say the job was done) sends nothing the second time: one email, one link.
func TestAnEmailJobRunAgainSendsNothingTwice(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		_, link := requestApproval(t, admin, smtp, "owner@example.com", "Once", "192.0.2.1")
		var job struct {
			ID    int64  `bun:"id"`
			State string `bun:"state"`
		}
		ctx := context.Background()
		deadline := time.Now().Add(10 * time.Second)
		for {
			if err := e.App.DB.NewSelect().Table("river_job").Column("id", "state").Where("kind = 'email'").OrderExpr("id").Limit(1).Scan(ctx, &job); err != nil {
				t.Fatal(err)
			}
			if job.State == "completed" || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err := e.App.Jobs.Retry(ctx, job.ID); err != nil {
			t.Fatal(err)
		}
		for {
			if err := e.App.DB.NewSelect().Table("river_job").Column("id", "state").Where("id = ?", job.ID).Scan(ctx, &job); err != nil {
				t.Fatal(err)
			}
			if job.State == "completed" {
				break
			}
			if time.Now().After(deadline.Add(10 * time.Second)) {
				t.Fatalf("the job run again is %s", job.State)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := len(smtp.Messages()); n != 1 {
			t.Fatalf("%d emails for one job run twice", n)
		}
		// The one link still works.
		var got struct{ ApprovalRequest *struct{ State string } }
		e.Client(t).MustDo(`query($l:String!){ approvalRequest(link:$l){ state } }`, map[string]any{"l": link}, &got)
		if got.ApprovalRequest == nil || got.ApprovalRequest.State != "PENDING" {
			t.Fatalf("the link of the email: %+v", got.ApprovalRequest)
		}
		if want, raw := fmt.Sprintf("Message-ID: <approval_request.%d.keyward@keyward.example.com>", job.ID), smtp.Messages()[0].Raw; !strings.Contains(raw, want) {
			t.Errorf("no %q in\n%s", want, raw)
		}
	})
}
