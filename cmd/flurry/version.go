package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/warehouse"
)

// version is flurry's release version, set at build time:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/flurry
var version = "dev"

func init() { commands = append(commands, versionCommand()) }

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print flurry's version, Go version and build commit",
		Description: `Prints one "key: value" line each, the first being "flurry VERSION":

   flurry v1.2.3
   go: go1.26.1 linux/amd64
   commit: 0123abcd... (modified)     when built from a git checkout
   commit-time: 2025-01-02T03:04:05Z  when built from a git checkout
   gosnowflake: v1.19.1`,
		Action: func(c *cli.Context) error {
			fmt.Fprint(c.App.Writer, versionReport())
			return nil
		},
	}
}

// versionString is the release version, falling back to the module version
// when installed with `go install ...@vX.Y.Z`.
func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func versionReport() string {
	var b strings.Builder
	fmt.Fprintf(&b, "flurry %s\n", versionString())
	fmt.Fprintf(&b, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b.String()
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (modified)"
		}
		fmt.Fprintf(&b, "commit: %s\n", rev)
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "commit-time: %s\n", t)
	}
	if warehouse.HasLocalEngine {
		b.WriteString("engine: local engine included\n")
	} else {
		b.WriteString("engine: not in this build (CGO_ENABLED=0)\n")
	}
	for _, dep := range bi.Deps {
		if dep.Path == "github.com/snowflakedb/gosnowflake" {
			fmt.Fprintf(&b, "gosnowflake: %s\n", dep.Version)
		}
	}
	return b.String()
}
