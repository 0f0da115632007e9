package demo

import (
	"bufio"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // writes the VPC flow logs' Parquet files
)

// appendLines appends lines to a host's log file, as the application does.
func appendLines(path string, lines []string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

func (ds *Dataset) apacheLines(p Phase) []string {
	var out []string
	for _, h := range ds.Apache {
		if h.Phase == p {
			out = append(out, h.line())
		}
	}
	return out
}

func (ds *Dataset) goAuditLines(p Phase) []string {
	var out []string
	for _, e := range ds.GoAudit {
		if e.phase == p {
			out = append(out, e.line())
		}
	}
	return out
}

func (ds *Dataset) teleportLines(p Phase) []string {
	var out []string
	for _, e := range ds.Teleport {
		if e.phase == p {
			out = append(out, e.line())
		}
	}
	return out
}

// uniqueSuffix makes AWS-style unique object name parts, deterministically.
func uniqueSuffix(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return strings.ToUpper(hex.EncodeToString(sum[:8]))
}

// writeS3AccessLogs delivers the phase's S3 server access log lines as AWS
// does: plain text objects named TargetPrefix + YYYY-mm-DD-HH-MM-SS-UniqueString,
// here one per hour of requests. It returns the number of objects.
// tmpDir is on the same file system, so that objects appear whole.
func writeS3AccessLogs(dir, tmpDir string, ds *Dataset, p Phase) (int, error) {
	groups := map[time.Time][]string{}
	var order []time.Time
	for _, r := range ds.S3 {
		if r.Phase != p {
			continue
		}
		h := r.T.Truncate(time.Hour)
		if _, ok := groups[h]; !ok {
			order = append(order, h)
		}
		groups[h] = append(groups[h], r.line())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	for _, h := range order {
		lines := groups[h]
		// AWS names the object after its delivery time, shortly after the hour.
		name := h.Add(time.Hour+7*time.Minute).Format("2006-01-02-15-04-05") + "-" + uniqueSuffix("s3", h.String(), strconv.Itoa(int(p)))
		if p == phaseAttack {
			name = ds.Now.Format("2006-01-02-15-04-05") + "-" + uniqueSuffix("s3", h.String(), "attack")
		}
		tmp := filepath.Join(tmpDir, name)
		if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			return 0, err
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			return 0, err
		}
	}
	return len(order), nil
}

// writeVPCFlowLogs delivers the phase's flow records as Parquet objects
// under AWS's key layout (AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/),
// one per six hours of history, and returns the number of objects. DuckDB
// writes the Parquet files, with the types of AWS's Parquet schema.
func writeVPCFlowLogs(dir, tmpDir string, ds *Dataset, p Phase) (int, error) {
	groups := map[time.Time][]vpcFlow{}
	var order []time.Time
	for _, f := range ds.VPC {
		if f.Phase != p {
			continue
		}
		k := f.Start.Truncate(6 * time.Hour)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	for _, k := range order {
		flows := groups[k]
		csvPath := filepath.Join(tmpDir, "flows.csv")
		var b strings.Builder
		for _, f := range flows {
			if f.Action == "" {
				fmt.Fprintf(&b, "2,%s,%s,-,-,-,-,-,-,-,%d,%d,-,%s\n", awsAccount, f.InterfaceID, f.Start.Unix(), f.End.Unix(), f.LogStatus)
				continue
			}
			fmt.Fprintf(&b, "2,%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%s,%s\n", awsAccount, f.InterfaceID, f.SrcAddr, f.DstAddr,
				f.SrcPort, f.DstPort, f.Protocol, f.Packets, f.Bytes, f.Start.Unix(), f.End.Unix(), f.Action, f.LogStatus)
		}
		if err := os.WriteFile(csvPath, []byte(b.String()), 0o600); err != nil {
			return 0, err
		}
		last := flows[len(flows)-1].Start
		sub := filepath.Join(dir, "us-east-1", last.Format("2006"), last.Format("01"), last.Format("02"))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return 0, err
		}
		name := fmt.Sprintf("%s_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_%s_%s.log.parquet", awsAccount,
			last.Format("20060102T1504Z"), strings.ToLower(uniqueSuffix("vpc", k.String(), strconv.Itoa(int(p)))[:8]))
		tmp := filepath.Join(tmpDir, name)
		q := fmt.Sprintf(`COPY (SELECT version::INTEGER AS version, account_id, interface_id, srcaddr, dstaddr,
		srcport::INTEGER AS srcport, dstport::INTEGER AS dstport, protocol::INTEGER AS protocol, packets::BIGINT AS packets,
		bytes::BIGINT AS bytes, "start"::BIGINT AS "start", "end"::BIGINT AS "end", action, log_status
		FROM read_csv('%s', delim=',', header=false, nullstr='-', all_varchar=true,
		  names=['version','account_id','interface_id','srcaddr','dstaddr','srcport','dstport','protocol','packets','bytes','start','end','action','log_status']))
		TO '%s' (FORMAT parquet)`, sqlPath(csvPath), sqlPath(tmp))
		if _, err := db.Exec(q); err != nil {
			return 0, fmt.Errorf("write VPC flow log parquet %s: %w", name, err)
		}
		if err := os.Rename(tmp, filepath.Join(sub, name)); err != nil {
			return 0, err
		}
	}
	return len(order), nil
}

func sqlPath(p string) string { return strings.ReplaceAll(filepath.ToSlash(p), "'", "''") }
