package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/detections/sigma"
	"github.com/flurry-dev/flurry/internal/cli"
)

// The sigma subcommand joins "flurry detect" from here, so that detect.go
// stays as it is: this file's init runs after detect.go's (files initialise
// in name order), when the detect command is registered.
func init() {
	for _, c := range commands {
		if c.Name == "detect" {
			c.Subcommands = append(c.Subcommands, sigmaCommand())
			return
		}
	}
	panic("cmd/flurry/sigma.go: the detect command is not registered yet")
}

const sigmaDescription = `Sigma (https://sigmahq.io) is the open format of SIEM detection rules.
"import" compiles Sigma rules into flurry detections: one .sql file per
rule, the rule's condition as a Snowflake WHERE clause over the lake table
of its logsource, its id, title, description, level, ATT&CK tags,
references, author and licence attribution kept in the header. Review the
files, commit them and give each a fixture test ("flurry detect test").

"check" only reports, per rule: compiled, unsupported (naming the construct
Snowflake cannot express) or error (naming the field or line).

Log sources are mapped to tables by YAML files: flurry's own serve
category: webserver (LOGS) and product: linux, service: auditd (GO_AUDIT);
--mappings DIR adds yours (see the README, "Sigma").`

func sigmaCommand() *cli.Command {
	mappings := &cli.StringSliceFlag{Name: "mappings", Usage: "also read log-source mapping files (*.yaml) from `DIR` (repeatable; later ones override)"}
	return &cli.Command{
		Name:        "sigma",
		Usage:       "compile Sigma rules into detections",
		Description: sigmaDescription,
		Subcommands: []*cli.Command{
			{
				Name:      "import",
				Usage:     "write a detection file for every Sigma rule that compiles",
				ArgsUsage: "PATH...",
				Flags: []cli.Flag{mappings,
					&cli.StringFlag{Name: "out", Value: "detections", Usage: "`DIR` to write ID.sql files in"},
					&cli.StringFlag{Name: "tests", Usage: "`DIR` to write the generated ID.yaml test files in (default: OUT/testdata, where detect test looks)"},
					&cli.BoolFlag{Name: "force", Usage: "overwrite existing detection and test files"},
				},
				Action: func(c *cli.Context) error { return sigmaRun(c, true) },
			},
			{
				Name:      "check",
				Usage:     "report which Sigma rules compile, which are unsupported and why",
				ArgsUsage: "PATH...",
				Flags:     []cli.Flag{mappings},
				Action:    func(c *cli.Context) error { return sigmaRun(c, false) },
			},
		},
	}
}

// sigmaRun converts every rule under the arguments; import also writes them.
func sigmaRun(c *cli.Context, write bool) error {
	if c.NArg() == 0 {
		return cli.Exit("name at least one Sigma rule file or directory", 2)
	}
	ms, err := sigma.LoadMappings(c.StringSlice("mappings")...)
	if err != nil {
		return err
	}
	files, err := sigmaFiles(c.Args().Slice())
	if err != nil {
		return err
	}
	out := c.String("out")
	if write {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
	}
	tests := c.String("tests")
	if tests == "" {
		tests = filepath.Join(out, "testdata")
	}
	if write {
		if err := os.MkdirAll(tests, 0o755); err != nil {
			return err
		}
	}
	w := c.App.Writer
	var compiled, unsupported, failed, generated, notGenerated int
	written := map[string]string{}
	for _, f := range files {
		r, name, text, err := sigmaConvert(f, ms)
		if err == nil && write {
			err = writeDetection(out, name, text, c.Bool("force"), written, f)
		}
		switch {
		case err == nil:
			compiled++
			if write {
				fmt.Fprintf(w, "wrote     %s (from %s)\n", filepath.Join(out, name), f)
				// Generated test cases: a rule without them still imports; its
				// test file is then the reviewer's to write.
				id := strings.TrimSuffix(name, ".sql")
				cases, terr := sigma.TestCases(r, ms)
				if terr == nil {
					terr = writeDetection(tests, id+".yaml", cases, c.Bool("force"), written, f)
				}
				switch {
				case terr == nil:
					generated++
					fmt.Fprintf(w, "wrote     %s (generated test cases)\n", filepath.Join(tests, id+".yaml"))
				case sigma.IsNoFixture(terr):
					notGenerated++
					fmt.Fprintf(w, "no tests  %s: %v: write %s by hand\n", f, terr, filepath.Join(tests, id+".yaml"))
				default:
					failed++
					fmt.Fprintf(w, "error        %v\n", terr)
				}
			} else {
				fmt.Fprintf(w, "compiled     %s -> %s\n", f, name)
			}
		case sigma.IsUnsupported(err):
			unsupported++
			fmt.Fprintf(w, "unsupported  %v\n", err)
		default:
			failed++
			fmt.Fprintf(w, "error        %v\n", err)
		}
	}
	fmt.Fprintf(w, "%d rules: %d compiled, %d unsupported, %d errors\n", len(files), compiled, unsupported, failed)
	if write {
		fmt.Fprintf(w, "test cases generated for %d detections, not for %d\n", generated, notGenerated)
	}
	if failed > 0 {
		return cli.Exit("", 1)
	}
	return nil
}

func sigmaConvert(path string, ms sigma.Mappings) (*sigma.Rule, string, string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, "", "", err
	}
	r, err := sigma.ParseRule(path, src)
	if err != nil {
		return nil, "", "", err
	}
	name, text, err := sigma.Convert(r, ms)
	if err != nil {
		return nil, "", "", err
	}
	// What import writes must be a valid detection: parse it as detect does.
	if _, probs := detections.Parse(name, text); len(probs) > 0 {
		return nil, "", "", fmt.Errorf("%s: the generated detection is invalid: %w", path, probs)
	}
	return r, name, text, nil
}

func writeDetection(dir, name, text string, force bool, written map[string]string, from string) error {
	if prev, ok := written[name]; ok {
		return fmt.Errorf("%s: becomes %s, as %s did", from, name, prev)
	}
	written[name] = from
	p := filepath.Join(dir, name)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(p, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %s exists (use --force to overwrite)", from, p)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sigmaFiles lists the rule files named: files as given, directories
// walked for *.yml and *.yaml.
func sigmaFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}
