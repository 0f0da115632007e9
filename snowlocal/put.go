package snowlocal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// compilePattern compiles a PATTERN option. Snowflake anchors the regular
// expression: it must match the whole path.
func compilePattern(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return nil, nil
	}
	re, err := regexp.Compile("^(?:" + pattern + ")$")
	if err != nil {
		return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid PATTERN '%s': %v", pattern, err)
	}
	return re, nil
}

// stageArg reads the @stage/path operand of LIST, REMOVE, PUT, GET.
func stageArg(c *cursor, cmd string) (string, error) {
	loc, ok := readStageLocation(c)
	if !ok {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: %s expects a stage location such as @my_stage/path, %s", cmd, c.where())
	}
	return loc, nil
}

// ---- LIST / REMOVE ----

// stagedFilesArg reads the @stage/path operand and PATTERN of LIST and
// REMOVE, and lists the files they select.
func (s *Session) stagedFilesArg(ctx context.Context, c *cursor, cmd string) (*stageLoc, []stagedFile, error) {
	loc, err := stageArg(c, cmd)
	if err != nil {
		return nil, nil, err
	}
	props := c.properties()
	l := s.e.loading
	sl, err := l.resolveStage(ctx, s, loc)
	if err != nil {
		return nil, nil, err
	}
	files, err := l.list(ctx, sl, props["PATTERN"])
	if err != nil {
		return nil, nil, err
	}
	return sl, files, nil
}

func cmdList(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // LIST / LS
	_, files, err := s.stagedFilesArg(ctx, c, "LIST")
	if err != nil {
		return nil, err
	}
	res := &Result{StatementTypeID: 0x1000, Columns: []Column{
		{Name: "name", Type: "text", Length: 16777216, Nullable: true},
		{Name: "size", Type: "fixed", Precision: 38, Nullable: true},
		{Name: "md5", Type: "text", Length: 16777216, Nullable: true},
		{Name: "last_modified", Type: "text", Length: 16777216, Nullable: true},
	}}
	for _, f := range files {
		name, size, sum, mod := f.display, strconv.FormatInt(f.Size, 10), f.MD5, listTime(f.LastModified)
		res.Rows = append(res.Rows, []*string{&name, &size, &sum, &mod})
	}
	return res, nil
}

func cmdRemove(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // REMOVE / RM
	sl, files, err := s.stagedFilesArg(ctx, c, "REMOVE")
	if err != nil {
		return nil, err
	}
	t := newTable("name", "result")
	for _, f := range files {
		if err := sl.store.Remove(ctx, f.Path); err != nil {
			return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%v]", err)
		}
		t.add(f.display, "removed")
	}
	return t.result(), nil
}

// ---- PUT / GET ----

// localPathArg reads the file:// operand of PUT and GET (bare or quoted).
func localPathArg(c *cursor, cmd string) (string, error) {
	t, ok := c.peek(0)
	if !ok {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: %s expects a file:// location", cmd)
	}
	var raw string
	if t.Kind == sqllex.String {
		raw, _ = c.stringLit()
	} else {
		end := t.Pos
		for end < len(c.text) && !strings.ContainsRune(" \t\r\n;", rune(c.text[end])) {
			end++
		}
		raw = c.text[t.Pos:end]
		// "file:///x" lexes as a word and a // comment that swallows the
		// rest of the line: read what follows the path afresh.
		rest, err := newCursor(c.text[end:])
		if err != nil {
			return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
		}
		*c = *rest
	}
	if !strings.HasPrefix(strings.ToLower(raw), "file://") {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: %s expects a file:// location, got '%s'", cmd, raw)
	}
	return raw[len("file://"):], nil
}

var compressedExt = map[string]bool{".gz": true, ".bz2": true, ".br": true, ".zst": true, ".deflate": true,
	".raw_deflate": true, ".lz": true, ".lzma": true, ".xz": true, ".parquet": true, ".orc": true, ".avro": true}

// cmdPut answers a PUT with the upload instructions gosnowflake follows
// itself (as it does for Snowflake's cloud stages): the target is a
// LOCAL_FS location, the stage's directory, which the client copies the
// files into, compressing them first when AUTO_COMPRESS asks for it.
func cmdPut(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("PUT")
	src, err := localPathArg(c, "PUT")
	if err != nil {
		return nil, err
	}
	loc, err := stageArg(c, "PUT")
	if err != nil {
		return nil, err
	}
	props := c.properties()
	sl, err := s.e.loading.resolveStage(ctx, s, loc)
	if err != nil {
		return nil, err
	}
	if sl.external {
		return nil, Errorf("002040", "0A000", "SQL compilation error:\nPUT does not support external stages (%s): upload to the bucket, or to the directory it is mapped to, instead.", sl.url)
	}
	dir := filepath.Join(sl.dir, filepath.FromSlash(strings.TrimSuffix(sl.ref.path, "/")))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%v]", err)
	}
	autoCompress := boolText(props["AUTO_COMPRESS"], true) == "true"
	overwrite := boolText(props["OVERWRITE"], false) == "true"
	parallel := 4
	if p, err := strconv.Atoi(props["PARALLEL"]); err == nil && p > 0 {
		parallel = p
	}
	srcCompression := strings.ToLower(orDefault(props["SOURCE_COMPRESSION"], "AUTO_DETECT"))
	if overwrite {
		// The client writes into the existing file without truncating it:
		// remove what it will overwrite so a shorter file leaves no tail.
		if matches, err := filepath.Glob(src); err == nil {
			for _, m := range matches {
				dst := filepath.Base(m)
				if !compressedExt[strings.ToLower(filepath.Ext(dst))] && autoCompress && srcCompression == "auto_detect" {
					dst += ".gz"
				}
				if err := os.Remove(filepath.Join(dir, dst)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%v]", err)
				}
			}
		}
	}
	res := statusResult("PUT")
	res.StatementTypeID = 0x1000
	res.Extra = map[string]any{
		"command":           "UPLOAD",
		"src_locations":     []string{src},
		"autoCompress":      autoCompress,
		"sourceCompression": srcCompression,
		"overwrite":         overwrite,
		"parallel":          parallel,
		"threshold":         200 * 1024 * 1024,
		"stageInfo":         map[string]any{"locationType": "LOCAL_FS", "location": dir, "path": sl.ref.path},
		"operation":         "Node",
		"kind":              nil,
	}
	return res, nil
}

// cmdGet cannot answer with download instructions as Snowflake does: the
// LOCAL_FS location gosnowflake accepts for PUT is one v1.19.1 never
// downloads from (it transfers "large" files only, and LOCAL_FS files are
// all "small"), so it would fail with a misleading "not implemented". GET
// says where the stage's files are instead.
func cmdGet(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("GET")
	loc, err := stageArg(c, "GET")
	if err != nil {
		return nil, err
	}
	if _, err := localPathArg(c, "GET"); err != nil {
		return nil, err
	}
	sl, err := s.e.loading.resolveStage(ctx, s, loc)
	if err != nil {
		return nil, err
	}
	if sl.external {
		return nil, Errorf("002040", "0A000", "SQL compilation error:\nGET does not support external stages (%s): read the bucket, or the directory it is mapped to, instead.", sl.url)
	}
	return nil, Errorf(CodeUnsupported, "0A000", "GET from the local engine is not supported by gosnowflake (it does not download from local stages); the stage's files are in %s",
		filepath.Join(sl.dir, filepath.FromSlash(sl.ref.path)))
}
