package migrations

import (
	"embed"
	"io/fs"
)

//go:embed lake
var lakeFS embed.FS

// Lake returns the security lake's migrations, embedded in the binary: the
// objects of the Snowflake guides (Fluentd Apache logs, Teleport audit
// events, S3 access logs, VPC flow logs) and go-audit's JSON table.
func Lake() fs.FS {
	sub, err := fs.Sub(lakeFS, "lake")
	if err != nil {
		panic(err)
	}
	return sub
}
