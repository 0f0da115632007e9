package main

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/internal/tableout"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	"github.com/flurry-dev/flurry/warehouse"
	"golang.org/x/term"
)

func init() { commands = append(commands, sqlCommand()) }

func sqlCommand() *cli.Command {
	return &cli.Command{
		Name:      "sql",
		Usage:     "run SQL statements against the target and print their results",
		ArgsUsage: " ",
		Description: `Runs Snowflake SQL from -q, from a file (-f) or from stdin, statement by
statement (separated by ';') in one session, so USE and session variables
carry over. Each statement that returns rows prints a result:

   table  an aligned table per result, then "(N rows)" (default; for people)
   json   JSON Lines: one JSON object per row, keys in column order, numbers as
          JSON numbers, VARIANT as embedded JSON, NULL as null
   csv    a header row then one record per row, NULL as an empty field;
          results of several statements are separated by an empty line

It stops at the first failing statement and exits 1, naming the file, the
statement number, its line and Snowflake's error code and message.

Examples:
   flurry sql -q "select 1"
   flurry sql -f hunts/ssh_brute_force.sql --format json | jq .
   echo "show databases" | flurry sql --connection prod --format csv`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "query", Aliases: []string{"q"}, Usage: "run the SQL `TEXT` (one or more statements)"},
			&cli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "run the statements in `FILE` (- reads stdin)"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "output `FORMAT`: table, json (JSON Lines) or csv"},
		}, targetFlags()...),
		Action: runSQL,
	}
}

func runSQL(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: use -q SQL or -f FILE", c.Args().First())
	}
	format, err := tableout.ParseFormat(c.String("format"))
	if err != nil {
		return fmt.Errorf("--format: %w", err)
	}
	name, script, err := readScript(c)
	if err != nil {
		return err
	}
	stmts, err := warehouse.SplitScript(name, script)
	if err != nil {
		return err // before connecting: a typo costs no login
	}
	db, err := openTarget(c)
	if err != nil {
		return err
	}
	defer db.Close()

	out := tableout.NewWriter(c.App.Writer, format)
	return db.RunStatements(c.Context, name, stmts, func(_ sqllex.Statement, rows *sql.Rows) error {
		_, err := out.WriteRows(rows)
		return err
	})
}

// readScript returns the SQL to run and the name errors should call it by.
func readScript(c *cli.Context) (name, script string, err error) {
	q, file := c.String("query"), c.String("file")
	switch {
	case q != "" && file != "":
		return "", "", errors.New("give -q or -f, not both")
	case c.IsSet("query"):
		return "--query", q, nil
	case file != "" && file != "-":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", "", err
		}
		return file, string(b), nil
	}
	if f, ok := c.App.Reader.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(c.App.ErrWriter, "reading SQL from stdin; end with Ctrl-D (or use -q / -f)")
	}
	b, err := io.ReadAll(c.App.Reader)
	if err != nil {
		return "", "", fmt.Errorf("read stdin: %w", err)
	}
	return "<stdin>", string(b), nil
}
