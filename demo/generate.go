package demo

import (
	"encoding/base64"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Dataset is everything the demo delivers: benign history and attacks for
// each log source, and the attacks' expected findings.
type Dataset struct {
	Now      time.Time
	Apache   []apacheHit
	GoAudit  []goAuditEvent
	Teleport []teleportEvent
	S3       []s3Request
	VPC      []vpcFlow
	Attacks  []Attack
}

// How much benign history each source gets. Apache needs more than a week:
// apache_request_volume_spike compares the last hour with the week before.
const (
	apacheDays   = 9
	s3Days       = 3
	vpcDays      = 3
	hostLogHours = 26 // Teleport and go-audit
)

// edgeBand keeps benign events this far from the one-day lookback edge, so
// that the top-ten rankings over "the last day" count the same events
// whether the detections run one second or ten minutes after generation.
const edgeBand = 20 * time.Minute

// DefaultSeed is the seed `flurry demo` uses.
const DefaultSeed = 2024

type gen struct {
	now time.Time
	rng *rand.Rand
	ds  *Dataset
}

// Generate builds the demo's data relative to now (truncated to the second).
// The same seed gives the same events at the same ages.
func Generate(now time.Time, seed uint64) *Dataset {
	now = now.UTC().Truncate(time.Second)
	g := &gen{now: now, rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), ds: &Dataset{Now: now}}
	g.apacheHistory()
	g.goAuditHistory()
	g.teleportHistory()
	g.s3History()
	g.vpcHistory()
	g.plantAttacks()
	sortByTime(g.ds)
	g.expectShells()
	return g.ds
}

// attackWindow is the time before now the second delivery covers: the
// attacks and the benign traffic around them.
const attackWindow = 10 * time.Minute

func sortByTime(ds *Dataset) {
	// Benign events of the last ten minutes are delivered with the attacks,
	// so that every log grows forward in time.
	late := func(p *Phase, t time.Time) {
		if *p == phaseHistory && ds.Now.Sub(t) < attackWindow {
			*p = phaseAttack
		}
	}
	for i := range ds.Apache {
		late(&ds.Apache[i].Phase, ds.Apache[i].T)
	}
	for i := range ds.GoAudit {
		late(&ds.GoAudit[i].phase, ds.GoAudit[i].t)
	}
	for i := range ds.Teleport {
		late(&ds.Teleport[i].phase, ds.Teleport[i].t)
	}
	for i := range ds.S3 {
		late(&ds.S3[i].Phase, ds.S3[i].T)
	}
	for i := range ds.VPC {
		late(&ds.VPC[i].Phase, ds.VPC[i].Start)
	}
	// Apache and S3 log whole seconds.
	for i := range ds.Apache {
		ds.Apache[i].T = ds.Apache[i].T.Truncate(time.Second)
	}
	for i := range ds.S3 {
		ds.S3[i].T = ds.S3[i].T.Truncate(time.Second)
	}
	// Within a phase, events are delivered in time order (a log file grows
	// forward); the attack phase comes after the history.
	slices.SortStableFunc(ds.Apache, func(a, b apacheHit) int { return cmpPhaseTime(a.Phase, b.Phase, a.T, b.T) })
	slices.SortStableFunc(ds.GoAudit, func(a, b goAuditEvent) int { return cmpPhaseTime(a.phase, b.phase, a.t, b.t) })
	slices.SortStableFunc(ds.Teleport, func(a, b teleportEvent) int { return cmpPhaseTime(a.phase, b.phase, a.t, b.t) })
	slices.SortStableFunc(ds.S3, func(a, b s3Request) int { return cmpPhaseTime(a.Phase, b.Phase, a.T, b.T) })
	slices.SortStableFunc(ds.VPC, func(a, b vpcFlow) int { return cmpPhaseTime(a.Phase, b.Phase, a.Start, b.Start) })
	// go-audit numbers events in the order it writes them.
	for i := range ds.GoAudit {
		ds.GoAudit[i].Sequence = firstSequence + int64(i)
	}
}

const firstSequence = 3100001

func cmpPhaseTime(pa, pb Phase, ta, tb time.Time) int {
	if pa != pb {
		return int(pa) - int(pb)
	}
	return ta.Compare(tb)
}

// at is the time age ago.
func (g *gen) at(age time.Duration) time.Time { return g.now.Add(-age).Truncate(time.Millisecond) }

// dayAges returns n random ages in day block d ([d days, d+1 days)), kept
// edgeBand away from the block's edges at one day.
func (g *gen) dayAges(d, n int) []time.Duration {
	lo, hi := time.Duration(d)*24*time.Hour, time.Duration(d+1)*24*time.Hour
	switch d {
	case 0:
		lo, hi = time.Second, hi-edgeBand
	case 1:
		lo += edgeBand
	}
	ages := make([]time.Duration, n)
	for i := range ages {
		ages[i] = lo + time.Duration(g.rng.Int64N(int64(hi-lo)))
	}
	return ages
}

// spreadAges returns n ages spread evenly (with jitter) over [from, to).
func (g *gen) spreadAges(n int, from, to time.Duration) []time.Duration {
	ages := make([]time.Duration, n)
	step := (to - from) / time.Duration(n)
	for i := range ages {
		ages[i] = from + time.Duration(i)*step + time.Duration(g.rng.Int64N(int64(step)))
	}
	return ages
}

func (g *gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

func (g *gen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *gen) between64(lo, hi int64) int64 { return lo + g.rng.Int64N(hi-lo+1) }

func (g *gen) hex(n int) string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.rng.IntN(16)]
	}
	return string(b)
}

func (g *gen) uuid() string {
	h := strings.ToLower(g.hex(32))
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// weighted picks an index with probability proportional to its weight.
func (g *gen) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := g.rng.Float64() * total
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

// ---- Apache (web-1, /var/log/httpd/access_log) ----------------------------

const healthChecker = "10.0.0.5"

var browserAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}

// webClient is a benign visitor of the web site with a fixed number of
// requests per day, so that the top-ten ranking of clients is exact.
type webClient struct {
	ip     string
	agent  string
	perDay int
}

// webClients are 45 visitors, busiest first, with distinct daily volumes.
func (g *gen) webClients() []webClient {
	var cs []webClient
	for i := range 45 {
		ip := fmt.Sprintf("192.0.2.%d", 10+i*5)
		if i%2 == 1 {
			ip = fmt.Sprintf("198.51.100.%d", 12+i*4)
		}
		per := int(math.Round(520 / math.Pow(float64(i+1), 1.1)))
		cs = append(cs, webClient{ip: ip, agent: browserAgents[i%len(browserAgents)], perDay: max(per, 3)})
	}
	return cs
}

type page struct {
	path    string
	weight  float64
	size    [2]int
	method  string
	code    int
	referer bool
}

var pages = []page{
	{"/", 14, [2]int{6100, 6400}, "GET", 200, false},
	{"/products", 10, [2]int{18000, 24000}, "GET", 200, true},
	{"/products/%d", 16, [2]int{9000, 15000}, "GET", 200, true},
	{"/api/v1/products?page=%d", 8, [2]int{2200, 5400}, "GET", 200, true},
	{"/cart", 5, [2]int{4000, 5200}, "GET", 200, true},
	{"/api/v1/cart", 3, [2]int{90, 400}, "POST", 201, true},
	{"/login", 3, [2]int{3100, 3300}, "GET", 200, true},
	{"/login", 2, [2]int{0, 0}, "POST", 302, true},
	{"/static/css/site.css", 9, [2]int{48213, 48213}, "GET", 200, true},
	{"/static/js/app.js", 9, [2]int{131072, 131072}, "GET", 200, true},
	{"/static/css/site.css", 6, [2]int{-1, -1}, "GET", 304, true},
	{"/images/logo.png", 7, [2]int{10240, 10240}, "GET", 200, true},
	{"/favicon.ico", 3, [2]int{1150, 1150}, "GET", 200, false},
	{"/apple-touch-icon.png", 1, [2]int{196, 196}, "GET", 404, false},
	{"/blog", 1, [2]int{234, 234}, "GET", 301, false},
	{"/blog/", 2, [2]int{15500, 16900}, "GET", 200, true},
	{"/robots.txt", 1, [2]int{68, 68}, "GET", 200, false},
	{"/about", 2, [2]int{5200, 5300}, "GET", 200, true},
}

func (g *gen) webRequest(t time.Time, c webClient, phase Phase) apacheHit {
	w := make([]float64, len(pages))
	for i, p := range pages {
		w[i] = p.weight
	}
	p := pages[g.weighted(w)]
	path := p.path
	if strings.Contains(path, "%d") {
		path = fmt.Sprintf(path, g.between(1, 240))
	}
	h := apacheHit{T: t, Host: c.ip, Method: p.method, Path: path, Code: p.code, Agent: c.agent, Phase: phase}
	h.Size = p.size[0]
	if p.size[1] > p.size[0] {
		h.Size = g.between(p.size[0], p.size[1])
	}
	if p.code == 302 || p.code == 201 {
		h.Size = -1
		if p.code == 201 {
			h.Size = g.between(90, 400)
		}
	}
	if p.referer {
		h.Referer = "https://shop.example.com/"
	}
	// An occasional application error: far below the 5xx burst threshold.
	if strings.HasPrefix(path, "/api/") && g.rng.IntN(400) == 0 {
		h.Code, h.Size = 500, 531
	}
	return h
}

func (g *gen) apacheHistory() {
	// The load balancer's health check, every two minutes.
	for age := 17 * time.Second; age < apacheDays*24*time.Hour; age += 2 * time.Minute {
		if age > 24*time.Hour-edgeBand && age < 24*time.Hour+edgeBand {
			continue
		}
		g.ds.Apache = append(g.ds.Apache, apacheHit{T: g.at(age), Host: healthChecker, Method: "GET", Path: "/health",
			Code: 200, Size: 2, Agent: "ELB-HealthChecker/2.0", Phase: phaseHistory})
	}
	for _, c := range g.webClients() {
		for d := range apacheDays {
			for _, age := range g.dayAges(d, c.perDay) {
				g.ds.Apache = append(g.ds.Apache, g.webRequest(g.at(age), c, phaseHistory))
			}
		}
	}
}

// ---- go-audit (web-1, /var/log/go-audit/go-audit.log) ---------------------

// Amazon Linux: httpd runs as apache (uid 48).
var uidNames = map[int]string{0: "root", 48: "apache", 1000: "ec2-user", 1001: "deploy"}

func (g *gen) goAudit(t time.Time, phase Phase, uid, ppid, pid int, syscall int, comm, exe string, argv []string, cwd string) goAuditEvent {
	success := "yes"
	exit := 0
	if syscall == 42 && g.rng.IntN(5) == 0 {
		success, exit = "no", -111
	}
	sys := fmt.Sprintf("arch=c000003e syscall=%d success=%s exit=%d a0=%x a1=%x a2=%x a3=0 items=%d ppid=%d pid=%d auid=%d uid=%d gid=%d euid=%d suid=%d fsuid=%d egid=%d sgid=%d fsgid=%d tty=(none) ses=4294967295 comm=%q exe=%q key=(null)",
		syscall, success, exit, g.rng.Int64N(1<<40), g.rng.Int64N(1<<40), g.rng.Int64N(1<<40), min(len(argv), 2), ppid, pid,
		auid(uid), uid, uid, uid, uid, uid, uid, uid, uid, comm, exe)
	msgs := []goAuditMessage{{Type: 1300, Data: sys}}
	if syscall == 59 {
		var a strings.Builder
		fmt.Fprintf(&a, "argc=%d", len(argv))
		for i, s := range argv {
			fmt.Fprintf(&a, " a%d=%q", i, s)
		}
		msgs = append(msgs, goAuditMessage{Type: 1309, Data: a.String()})
	} else {
		msgs = append(msgs, goAuditMessage{Type: 1306, Data: "saddr=0200" + strings.ToUpper(fmt.Sprintf("%04x", 443)) + "0A000328" + "0000000000000000"})
	}
	msgs = append(msgs, goAuditMessage{Type: 1307, Data: fmt.Sprintf("cwd=%q", cwd)}, goAuditMessage{Type: 1320})
	ms := t.UnixMilli()
	return goAuditEvent{Timestamp: fmt.Sprintf("%d.%03d", ms/1000, ms%1000), Messages: msgs,
		UIDMap: map[string]string{fmt.Sprint(uid): uidNames[uid]}, t: t, phase: phase}
}

func auid(uid int) int {
	if uid == 1000 {
		return 1000
	}
	return 4294967295
}

func (g *gen) goAuditHistory() {
	n := hostLogHours * 30
	for _, age := range g.spreadAges(n, 5*time.Second, hostLogHours*time.Hour) {
		t := g.at(age)
		pid := g.between(2000, 30000)
		var e goAuditEvent
		switch r := g.rng.IntN(10); {
		case r < 3: // httpd connects to the database and APIs
			e = g.goAudit(t, phaseHistory, 48, 1811, g.between(1812, 1830), 42, "httpd", "/usr/sbin/httpd", nil, "/")
		case r < 5: // thumbnails: the web server runs ImageMagick, not a shell
			e = g.goAudit(t, phaseHistory, 48, g.between(1812, 1830), pid, 59, "convert", "/usr/bin/convert",
				[]string{"convert", fmt.Sprintf("/var/www/uploads/%s.jpg", strings.ToLower(g.hex(12))), "-resize", "256x256", "/tmp/thumb.jpg"}, "/var/www/html")
		case r < 6: // cron
			e = g.goAudit(t, phaseHistory, 0, 1203, pid, 59, "sh", "/usr/bin/bash", []string{"/bin/sh", "-c", "run-parts /etc/cron.hourly"}, "/")
		case r < 8: // an administrator's SSH session
			cmd := g.pick([]string{"ls -la /var/log/httpd", "systemctl status httpd", "df -h", "tail -n 50 /var/log/httpd/error_log", "top -bn1"})
			argv := strings.Fields(cmd)
			exe := "/usr/bin/" + argv[0]
			e = g.goAudit(t, phaseHistory, 1000, 4410, pid, 59, argv[0], exe, argv, "/home/ec2-user")
		case r < 9: // deployments
			e = g.goAudit(t, phaseHistory, 1001, 5120, pid, 59, "git", "/usr/bin/git", []string{"git", "-C", "/var/www/html", "pull", "--ff-only"}, "/var/www/html")
		default: // the resolver
			e = g.goAudit(t, phaseHistory, 0, 1, 733, 42, "systemd-resolve", "/usr/lib/systemd/systemd-resolved", nil, "/")
		}
		g.ds.GoAudit = append(g.ds.GoAudit, e)
	}
}

// ---- Teleport (teleport-1, /var/lib/teleport/log/events.log) --------------

const teleportCluster = "teleport.example.com"

type tpUser struct {
	name, addr string
	ssh        bool // also opens SSH sessions
	db         bool // also queries databases
}

var teleportUsers = []tpUser{
	{"alice", "192.0.2.31", true, true},
	{"bob", "192.0.2.44", true, false},
	{"carol", "198.51.100.61", false, true},
	{"dave", "198.51.100.77", true, true},
	{"eve", "192.0.2.95", true, false},
}

var benignQueries = []string{
	"select id, status from orders where created_at > now() - interval '1 day';",
	"select count(*) from users;",
	"explain analyze select * from invoices where customer_id = 42;",
	"select * from pg_stat_activity;",
	"update feature_flags set enabled = true where name = 'new_checkout';",
}

func (g *gen) tp(t time.Time, phase Phase, fields map[string]any) teleportEvent {
	fields["cluster_name"] = teleportCluster
	fields["ei"] = 0
	fields["time"] = t.UTC().Format("2006-01-02T15:04:05.000Z")
	fields["uid"] = g.uuid()
	e := teleportEvent{fields: fields, t: t, phase: phase}
	g.ds.Teleport = append(g.ds.Teleport, e)
	return e
}

func (g *gen) remote(ip string) string { return fmt.Sprintf("%s:%d", ip, g.between(49152, 65535)) }

func (g *gen) teleportHistory() {
	// Work sessions: a login, a certificate, then SSH or database sessions.
	for _, age := range g.spreadAges(70, 30*time.Minute, hostLogHours*time.Hour) {
		u := teleportUsers[g.rng.IntN(len(teleportUsers))]
		t := g.at(age)
		step := func() time.Time { t = t.Add(time.Duration(g.between(2, 40)) * time.Second); return t }
		g.tp(t, phaseHistory, map[string]any{"event": "user.login", "code": "T1000I", "user": u.name, "method": "saml",
			"success": true, "addr.remote": g.remote(u.addr), "user_agent": "tsh/14.3.3"})
		g.tp(step(), phaseHistory, map[string]any{"event": "cert.create", "code": "TC000I", "cert_type": "user",
			"identity": map[string]any{"user": u.name, "roles": []string{"access", "editor"}}})
		if u.ssh {
			sid := g.uuid()
			node := g.pick([]string{"web-1", "web-2"})
			addr := map[string]string{"web-1": "10.0.1.25:3022", "web-2": "10.0.1.26:3022"}[node]
			g.tp(step(), phaseHistory, map[string]any{"event": "session.start", "code": "T2000I", "user": u.name, "login": "ec2-user",
				"sid": sid, "server_hostname": node, "addr.local": addr, "addr.remote": g.remote(u.addr), "namespace": "default", "size": "120:40"})
			for range g.between(0, 2) {
				g.tp(step(), phaseHistory, map[string]any{"event": "exec", "code": "T3002I", "user": u.name, "login": "ec2-user",
					"sid": sid, "server_hostname": node, "command": g.pick([]string{"sudo systemctl reload httpd", "uptime", "journalctl -u httpd -n 20"}), "exitCode": "0"})
			}
			g.tp(step(), phaseHistory, map[string]any{"event": "session.end", "code": "T2004I", "user": u.name, "login": "ec2-user",
				"sid": sid, "server_hostname": node, "participants": []string{u.name}, "interactive": true})
		}
		if u.db {
			sid := g.uuid()
			db := map[string]any{"db_service": "prod-postgres", "db_protocol": "postgres", "db_uri": "10.0.3.40:5432", "db_name": "app", "db_user": "app_ro", "sid": sid, "user": u.name}
			with := func(extra map[string]any) map[string]any {
				m := map[string]any{}
				for k, v := range db {
					m[k] = v
				}
				for k, v := range extra {
					m[k] = v
				}
				return m
			}
			g.tp(step(), phaseHistory, with(map[string]any{"event": "db.session.start", "code": "TDB00I", "success": true}))
			for range g.between(1, 4) {
				g.tp(step(), phaseHistory, with(map[string]any{"event": "db.session.query", "code": "TDB02I", "success": true,
					"db_query": g.pick(benignQueries)}))
			}
			g.tp(step(), phaseHistory, with(map[string]any{"event": "db.session.end", "code": "TDB01I"}))
		}
	}
}

// ---- S3 server access logs -------------------------------------------------

// s3Actor is a benign client of the company's buckets with a fixed number
// of requests per day (exact top-ten rankings).
type s3Actor struct {
	ip, requester, agent string
	perDay               int
	request              func(g *gen, r *s3Request)
}

func assumedRole(role, session string) string {
	return "arn:aws:sts::" + awsAccount + ":assumed-role/" + role + "/" + session
}

func iamUser(name string) string { return "arn:aws:iam::" + awsAccount + ":user/" + name }

const sdkAgent = "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.47.7"

func (g *gen) s3Actors() []s3Actor {
	app := func(g *gen, r *s3Request) {
		r.Bucket = "acme-prod-data"
		size := g.between64(20_000, 2_000_000)
		switch x := g.rng.IntN(100); {
		case x < 60:
			r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.OBJECT", g.uploadKey(), 200, size, size
		case x < 85:
			r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.PUT.OBJECT", g.uploadKey(), 200, -1, size
		case x < 97:
			r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.HEAD.OBJECT", g.uploadKey(), 200, -1, size
		default: // temporary files are cleaned up one at a time
			r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.DELETE.OBJECT", "uploads/tmp/"+strings.ToLower(g.hex(20)), 204, -1, -1
		}
	}
	var actors []s3Actor
	for i, per := range []int{520, 470, 430, 390, 350, 310} {
		ip := fmt.Sprintf("10.0.1.%d", 11+i)
		actors = append(actors, s3Actor{ip: ip, requester: assumedRole("app-server", fmt.Sprintf("i-0a1b2c3d4e5f6%04d", i)), agent: sdkAgent, perDay: per, request: app})
	}
	thumb := func(g *gen, r *s3Request) {
		r.Bucket = "acme-prod-data"
		size := g.between64(8_000, 60_000)
		if g.rng.IntN(2) == 0 {
			r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.OBJECT", g.uploadKey(), 200, size*10, size*10
		} else {
			r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.PUT.OBJECT", "thumbnails/"+strings.ToLower(g.hex(16))+".jpg", 200, -1, size
		}
	}
	actors = append(actors,
		s3Actor{ip: "10.0.6.8", requester: assumedRole("thumbnailer", "thumbnailer-prod"), agent: "Boto3/1.34.11 Python/3.12.1 Linux/5.10 exec-env/AWS_Lambda_python3.12", perDay: 260, request: thumb},
		s3Actor{ip: "10.0.6.9", requester: assumedRole("thumbnailer", "thumbnailer-prod"), agent: "Boto3/1.34.11 Python/3.12.1 Linux/5.10 exec-env/AWS_Lambda_python3.12", perDay: 230, request: thumb},
		s3Actor{ip: "10.0.4.20", requester: assumedRole("analytics", "airflow"), agent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023", perDay: 180,
			request: func(g *gen, r *s3Request) {
				r.Bucket = "acme-prod-data"
				if g.rng.IntN(6) == 0 {
					r.Operation, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.BUCKET", 200, g.between64(2_000, 40_000), -1
					return
				}
				size := g.between64(5_000_000, 20_000_000)
				r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.OBJECT",
					fmt.Sprintf("exports/orders/part-%05d.parquet", g.between(0, 400)), 200, size, size
			}},
		s3Actor{ip: "10.0.5.7", requester: iamUser("ci-deployer"), agent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.ubuntu.22", perDay: 90,
			request: func(g *gen, r *s3Request) {
				size := g.between64(10_000_000, 30_000_000)
				r.Bucket, r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "acme-releases", "REST.PUT.OBJECT",
					fmt.Sprintf("releases/shop-%d.%d.%d.tar.gz", 3, g.between(0, 9), g.between(0, 40)), 200, -1, size
			}},
		s3Actor{ip: "10.0.2.10", requester: assumedRole("backup-job", "nightly"), agent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023", perDay: 48,
			request: func(g *gen, r *s3Request) {
				r.Bucket = "acme-backups"
				if g.rng.IntN(2) == 0 {
					r.Operation, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.BUCKET", 200, g.between64(1_000, 9_000), -1
					return
				}
				r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.PUT.OBJECT", g.backupKey(r.T), 200, -1, g.between64(70_000_000, 90_000_000)
			}},
		s3Actor{ip: "10.0.3.15", requester: iamUser("jdoe"), agent: "S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488", perDay: 25,
			request: func(g *gen, r *s3Request) {
				r.Bucket = "acme-security-audit"
				if g.rng.IntN(3) == 0 {
					r.Operation, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.BUCKET", 200, g.between64(1_000, 5_000), -1
					return
				}
				size := g.between64(2_000, 60_000)
				r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "REST.GET.OBJECT",
					fmt.Sprintf("audit/%s/cloudtrail-digest-%s.json.gz", r.T.Format("2006/01/02"), strings.ToLower(g.hex(8))), 200, size, size
			}},
	)
	return actors
}

func (g *gen) uploadKey() string {
	return fmt.Sprintf("uploads/2024/%02d/%s.jpg", g.between(1, 12), strings.ToLower(g.hex(24)))
}

func (g *gen) backupKey(t time.Time) string {
	return "backups/db/app-" + t.UTC().Format("20060102T1504") + ".sql.gz"
}

func (g *gen) s3(t time.Time, phase Phase, ip, requester, agent string, fill func(r *s3Request)) s3Request {
	r := s3Request{T: t, RemoteIP: ip, Requester: requester, UserAgent: agent, RequestID: g.hex(16),
		TotalTime: g.between(4, 90), HostID: base64.StdEncoding.EncodeToString(g.bytes(56)), Phase: phase,
		BytesSent: -1, ObjectSize: -1}
	fill(&r)
	g.ds.S3 = append(g.ds.S3, r)
	return r
}

func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rng.IntN(256))
	}
	return b
}

func (g *gen) s3History() {
	for _, a := range g.s3Actors() {
		for d := range s3Days {
			for _, age := range g.dayAges(d, a.perDay) {
				g.s3(g.at(age), phaseHistory, a.ip, a.requester, a.agent, func(r *s3Request) { a.request(g, r) })
			}
		}
	}
}

// ---- VPC flow logs ----------------------------------------------------------

type eni struct{ id, addr string }

var (
	eniALB     = eni{"eni-0a1b2c3d4e5f60001", "10.0.0.10"}
	eniNAT     = eni{"eni-0a1b2c3d4e5f60002", "10.0.0.100"}
	eniWeb1    = eni{"eni-0a1b2c3d4e5f60003", "10.0.1.25"}
	eniWeb2    = eni{"eni-0a1b2c3d4e5f60004", "10.0.1.26"}
	eniApp     = eni{"eni-0a1b2c3d4e5f60005", "10.0.2.30"}
	eniDB      = eni{"eni-0a1b2c3d4e5f60006", "10.0.3.40"}
	eniCI      = eni{"eni-0a1b2c3d4e5f60007", "10.0.5.7"}
	eniBastion = eni{"eni-0a1b2c3d4e5f60008", "10.0.9.5"}
)

// flowPair records a TCP connection as flow logs do: one record each way,
// on the interface e.
func (g *gen) flowPair(start time.Time, phase Phase, e eni, src, dst string, dstPort int, reqBytes, respBytes int64, action string) {
	end := start.Add(time.Duration(g.between(5, 55)) * time.Second)
	sport := g.between(32768, 60999)
	pk := func(b int64) int64 { return max(1, b/1200+int64(g.between(1, 4))) }
	g.ds.VPC = append(g.ds.VPC, vpcFlow{InterfaceID: e.id, SrcAddr: src, DstAddr: dst, SrcPort: sport, DstPort: dstPort, Protocol: 6,
		Packets: pk(reqBytes), Bytes: reqBytes, Start: start, End: end, Action: action, LogStatus: "OK", Phase: phase})
	if action == "ACCEPT" {
		g.ds.VPC = append(g.ds.VPC, vpcFlow{InterfaceID: e.id, SrcAddr: dst, DstAddr: src, SrcPort: dstPort, DstPort: sport, Protocol: 6,
			Packets: pk(respBytes), Bytes: respBytes, Start: start, End: end, Action: action, LogStatus: "OK", Phase: phase})
	}
}

// Flow logs aggregate a minute of traffic; records start on the minute.
func (g *gen) flowStart(age time.Duration) time.Time { return g.at(age).Truncate(time.Minute) }

func (g *gen) vpcHistory() {
	internet := make([]string, 40)
	for i := range internet {
		internet[i] = fmt.Sprintf("192.0.2.%d", 101+i*3%150)
	}
	mirrors := []string{"198.51.100.30", "198.51.100.31", "198.51.100.33", "198.51.100.35"}
	noisePorts := []int{23, 445, 1433, 3389, 5900, 6379, 8080, 9200, 2375, 22}
	for h := range vpcDays * 24 {
		base := time.Duration(h) * time.Hour
		in := func() time.Duration { return base + time.Duration(g.rng.Int64N(int64(time.Hour))) }
		for range 40 {
			c := internet[g.weighted(zipf(len(internet)))]
			g.flowPair(g.flowStart(in()), phaseHistory, eniALB, c, eniALB.addr, 443, g.between64(900, 4_000), g.between64(20_000, 400_000), "ACCEPT")
		}
		for range 20 {
			web := g.pick([]string{"web-1", "web-2"})
			e := map[string]eni{"web-1": eniWeb1, "web-2": eniWeb2}[web]
			g.flowPair(g.flowStart(in()), phaseHistory, e, eniALB.addr, e.addr, 80, g.between64(900, 4_000), g.between64(20_000, 400_000), "ACCEPT")
		}
		for range 10 {
			src := g.pick([]string{eniWeb1.addr, eniWeb2.addr, eniApp.addr})
			g.flowPair(g.flowStart(in()), phaseHistory, eniDB, src, eniDB.addr, 5432, g.between64(2_000, 30_000), g.between64(10_000, 2_000_000), "ACCEPT")
		}
		for range 5 {
			g.flowPair(g.flowStart(in()), phaseHistory, eniNAT, eniNAT.addr, g.pick(mirrors), 443, g.between64(2_000, 9_000), g.between64(200_000, 30_000_000), "ACCEPT")
		}
		// Administrators reach the web servers through the bastion.
		g.flowPair(g.flowStart(in()), phaseHistory, eniWeb1, eniBastion.addr, eniWeb1.addr, 22, g.between64(5_000, 60_000), g.between64(20_000, 400_000), "ACCEPT")
		// CI clones over SSH from a public git host: port 22 to the
		// internet, not from it.
		for range 2 {
			g.flowPair(g.flowStart(in()), phaseHistory, eniCI, eniCI.addr, "192.0.2.200", 22, g.between64(3_000, 8_000), g.between64(1_000_000, 9_000_000), "ACCEPT")
		}
		// Internet background noise, dropped by the security groups: a
		// few ports per source, never a sweep.
		for range 8 {
			src := fmt.Sprintf("198.51.100.%d", g.between(100, 250))
			e := []eni{eniALB, eniWeb1, eniWeb2}[g.rng.IntN(3)]
			for range g.between(1, 3) {
				g.flowPair(g.flowStart(in()), phaseHistory, e, src, e.addr, noisePorts[g.rng.IntN(len(noisePorts))], 60, 0, "REJECT")
			}
		}
		// An idle interface reports no data.
		start := g.flowStart(in())
		g.ds.VPC = append(g.ds.VPC, vpcFlow{InterfaceID: eniBastion.id, Start: start, End: start.Add(time.Minute), LogStatus: "NODATA", Phase: phaseHistory})
	}
}

func zipf(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), 0.9)
	}
	return w
}
