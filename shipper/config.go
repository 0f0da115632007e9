package shipper

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/flurry-dev/flurry/shipper/output"
	"github.com/flurry-dev/flurry/shipper/parse"
	"github.com/flurry-dev/flurry/shipper/spool"
)

// Config is a flurry ship configuration file (TOML). Its concepts follow
// Fluentd's: sources tail files and tag records, outputs match tags and
// upload time-keyed gzip chunks. See examples/ship/flurry-ship.toml.
type Config struct {
	// SpoolDir holds the durable buffer and, by default, the position files.
	// Default /var/lib/flurry/ship.
	SpoolDir string `toml:"spool_dir"`
	// TotalLimitSize bounds the spool (compressed bytes). When it is full the
	// tails stop reading (overflow_action "block"); nothing is discarded.
	// Default 8GiB.
	TotalLimitSize Size `toml:"total_limit_size"`
	// OverflowAction is what happens when the spool is full: only "block".
	OverflowAction string `toml:"overflow_action"`
	// CommitInterval is how often appended records are fsynced and positions
	// saved (also after every 8 MiB). Default 1s.
	CommitInterval Duration `toml:"commit_interval"`
	// Compression of the uploaded objects: "gzip" (default; what the seed
	// guides' file formats read), "zstd" (smaller and faster; Snowflake's
	// COPY reads it with COMPRESSION = AUTO or ZSTD) or "none".
	Compression string `toml:"compression"`
	// CompressionLevel is 1 (fastest, default) to 9 (smallest); zstd maps
	// 1 to its fastest level, 2-3 default, 4-6 better, 7-9 best.
	CompressionLevel int `toml:"compression_level"`
	// Hostname for %{hostname} in object keys. Default os.Hostname().
	Hostname string `toml:"hostname"`
	// MetricsListen serves Prometheus metrics at http://<addr>/metrics
	// ("" = off), e.g. "127.0.0.1:24231".
	MetricsListen string `toml:"metrics_listen"`
	// FlushTimeout bounds the uploads done at shutdown. Default 30s.
	FlushTimeout Duration `toml:"flush_timeout"`

	Sources []Source `toml:"source"`
	Outputs []Output `toml:"output"`

	// path is the file the config was loaded from (for messages).
	path string
}

// Source tails files, like Fluentd's in_tail.
type Source struct {
	// Name identifies the source in metrics and its default pos_file.
	// Default: the tag.
	Name string `toml:"name"`
	// Paths are glob patterns (filepath.Match syntax). Path is the Fluentd
	// spelling: one string, comma-separated.
	Paths []string `toml:"paths"`
	Path  string   `toml:"path"`
	// Exclude drops matches of these patterns (e.g. "*.gz").
	Exclude []string `toml:"exclude"`
	// Tag of the records. A '*' is replaced by the file path with '/'
	// turned into '.', as in Fluentd (tag "s3.*" ->
	// s3.var.log.go-audit.go-audit.log).
	Tag string `toml:"tag"`
	// Parser: apache2, json, s3_access, vpc_flow, regexp, none.
	Parser string `toml:"parser"`
	// Parse holds the parser's options.
	Parse parse.Options `toml:"parse"`
	// PosFile stores the read positions (Fluentd's pos_file format:
	// path<TAB>offset hex<TAB>inode hex). Default <spool_dir>/pos/<name>.pos.
	PosFile string `toml:"pos_file"`
	// ReadFromHead reads the files found at the first start (when there is
	// no pos_file yet) from their beginning; otherwise from their end.
	// Files appearing later, while running or while stopped (a new file
	// after rotation), are always read from the beginning.
	ReadFromHead bool `toml:"read_from_head"`
	// RotateWait is how long a rotated (renamed or deleted) file is still
	// read after it stops growing. Default 5s.
	RotateWait Duration `toml:"rotate_wait"`
	// RefreshInterval is how often the globs are expanded to find new and
	// rotated files. Default 5s.
	RefreshInterval Duration `toml:"refresh_interval"`
}

// Output uploads chunks of the records whose tag matches.
type Output struct {
	// Name identifies the output in metrics and in the spool. Default: the
	// URL scheme ("s3", "file", "snowflake") when that is unique.
	Name string `toml:"name"`
	// Match is a Fluentd tag pattern: "*" matches one tag part, "**" zero or
	// more, "{a,b}" alternatives; several patterns are separated by spaces.
	// A record goes to every output that matches its tag. Default "**".
	Match string `toml:"match"`
	// URL: s3://bucket/prefix, file:///dir or snowflake://@stage/prefix.
	URL string `toml:"url"`
	// Format: "json" (default; JSON lines) or "fluentd" (time<TAB>tag<TAB>
	// record JSON, what the seed's fluentd_format file format loads).
	Format string `toml:"format"`
	// TimeKey and TagKey add the event time (RFC 3339) and the tag to each
	// JSON record under these names (json format only; "" = not added).
	TimeKey string `toml:"time_key"`
	TagKey  string `toml:"tag_key"`
	// KeyFormat is the object key under the URL's prefix: strftime
	// directives (%Y %m %d %H %M %S %j %y, of the chunk's time key, UTC),
	// %{tag}, %{hostname}, %{chunk_id}, %{file_extension} (gz, zst or log,
	// by compression). It must contain %{chunk_id} and end in the
	// compression's extension or %{file_extension}. Default
	// "%Y/%m/%d/%H/%{tag}-%{hostname}-%{chunk_id}.%{file_extension}".
	KeyFormat string `toml:"key_format"`
	// Timekey cuts chunks by event time (Fluentd's timekey); a chunk is
	// sealed TimekeyWait after its time range ends. Defaults 60s and 60s
	// (nil TimekeyWait is the default; 0 seals as soon as the range ends).
	Timekey     Duration  `toml:"timekey"`
	TimekeyWait *Duration `toml:"timekey_wait"`
	// ChunkLimitSize cuts chunks by uncompressed size. Default 256MiB.
	ChunkLimitSize Size `toml:"chunk_limit_size"`
	// Workers is the number of concurrent uploads. Default 2.
	Workers int `toml:"workers"`
	// RetryWait is the first wait after a failed upload; it doubles up to
	// RetryMaxInterval (with ±50% jitter). Uploads are retried forever.
	// Defaults 1s and 5m.
	RetryWait        Duration `toml:"retry_wait"`
	RetryMaxInterval Duration `toml:"retry_max_interval"`

	S3        S3Options        `toml:"s3"`
	Snowflake SnowflakeOptions `toml:"snowflake"`

	// Derived from URL.
	scheme, host, prefix string
}

// S3Options are the [output.s3] settings. Credentials come from the AWS
// default chain (environment, ~/.aws profiles, web identity, instance role)
// unless access keys are given.
type S3Options struct {
	Region          string `toml:"region"`
	Endpoint        string `toml:"endpoint"`
	ForcePathStyle  bool   `toml:"force_path_style"`
	Checksum        string `toml:"checksum"` // when_supported (default) | when_required
	SSE             string `toml:"sse"`      // AES256 | aws:kms | aws:kms:dsse
	SSEKMSKeyID     string `toml:"sse_kms_key_id"`
	StorageClass    string `toml:"storage_class"`
	Profile         string `toml:"profile"`
	RoleARN         string `toml:"role_arn"`
	ExternalID      string `toml:"external_id"`
	AccessKeyID     string `toml:"access_key_id"`
	SecretAccessKey string `toml:"secret_access_key"`
	CABundle        string `toml:"ca_bundle"`
	// NoConditionalPut for servers that reject If-None-Match on PUT.
	NoConditionalPut bool `toml:"no_conditional_put"`
	// ResponseTimeout bounds the wait for the server's answer once a
	// request is sent (and each read of it); AttemptTimeout bounds one
	// whole upload attempt. An endpoint that accepts connections and never
	// answers then fails the attempt, and the chunk is retried. Defaults
	// 60s and 5m.
	ResponseTimeout Duration `toml:"response_timeout"`
	AttemptTimeout  Duration `toml:"attempt_timeout"`
}

// SnowflakeOptions are the [output.snowflake] settings.
type SnowflakeOptions struct {
	// Target names the connection (resolved by the caller, e.g. a
	// connections.toml name; "" = the default target).
	Target string `toml:"target"`
	// CopyInto loads each staged file into this table with FileFormat.
	CopyInto   string `toml:"copy_into"`
	FileFormat string `toml:"file_format"`
	// CopyColumns and CopySelect (comma-separated SQL lists) make that COPY
	// a transformation (output.SnowflakeConfig), e.g. to load
	// METADATA$FILENAME.
	CopyColumns string `toml:"copy_columns"`
	CopySelect  string `toml:"copy_select"`
	// Pipe is refreshed after each PUT (ALTER PIPE ... REFRESH).
	Pipe string `toml:"pipe"`
}

// Defaults.
const (
	DefaultSpoolDir    = "/var/lib/flurry/ship"
	DefaultKeyFormat   = "%Y/%m/%d/%H/%{tag}-%{hostname}-%{chunk_id}.%{file_extension}"
	defaultTotalLimit  = 8 << 30
	defaultChunkLimit  = 256 << 20
	defaultRotateWait  = 5 * time.Second
	defaultRefresh     = 5 * time.Second
	defaultTimekey     = time.Minute
	defaultTimekeyWait = time.Minute
)

// LoadConfig reads, defaults and validates a TOML config file.
func LoadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	return ParseConfig(path, b)
}

// ParseConfig is LoadConfig on bytes; path names them in errors.
func ParseConfig(path string, data []byte) (Config, error) {
	var c Config
	md, err := toml.NewDecoder(strings.NewReader(string(data))).Decode(&c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Config{}, fmt.Errorf("%s:%d: %s", path, pe.Position.Line, pe.Message)
		}
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		var names []string
		for _, k := range und {
			names = append(names, k.String())
		}
		return Config{}, fmt.Errorf("%s: unknown setting %s", path, strings.Join(names, ", "))
	}
	c.path = path
	if err := c.finish(); err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Validate applies defaults and checks a Config built in code.
func (c *Config) Validate() error { return c.finish() }

func (c *Config) finish() error {
	if c.SpoolDir == "" {
		c.SpoolDir = DefaultSpoolDir
	}
	if !filepath.IsAbs(c.SpoolDir) {
		abs, err := filepath.Abs(c.SpoolDir)
		if err != nil {
			return err
		}
		c.SpoolDir = abs
	}
	if c.TotalLimitSize == 0 {
		c.TotalLimitSize = defaultTotalLimit
	}
	switch c.OverflowAction {
	case "", "block":
		c.OverflowAction = "block"
	default:
		return fmt.Errorf("overflow_action %q: only \"block\" (stop reading until uploads free space) is supported: flurry never discards records", c.OverflowAction)
	}
	if c.CommitInterval == 0 {
		c.CommitInterval = Duration(time.Second)
	}
	if c.CompressionLevel == 0 {
		c.CompressionLevel = 1
	}
	if c.CompressionLevel < 1 || c.CompressionLevel > 9 {
		return fmt.Errorf("compression_level %d: want 1..9", c.CompressionLevel)
	}
	switch c.Compression {
	case "":
		c.Compression = spool.Gzip
	case spool.Gzip, spool.Zstd, spool.None:
	default:
		return fmt.Errorf("compression %q: want gzip, zstd or none", c.Compression)
	}
	if c.FlushTimeout == 0 {
		c.FlushTimeout = Duration(30 * time.Second)
	}
	if err := inRange("commit_interval", c.CommitInterval, time.Millisecond, time.Hour); err != nil {
		return err
	}
	if err := inRange("flush_timeout", c.FlushTimeout, time.Millisecond, 24*time.Hour); err != nil {
		return err
	}
	if c.TotalLimitSize < 4<<10 || c.TotalLimitSize > maxSize {
		return fmt.Errorf("total_limit_size %d: want 4KiB to 1PiB", c.TotalLimitSize)
	}
	if c.Hostname == "" {
		h, err := os.Hostname()
		if err != nil {
			return fmt.Errorf("hostname: %w", err)
		}
		c.Hostname = h
	}
	c.Hostname = sanitizeKeyPart(c.Hostname)
	if len(c.Sources) == 0 {
		return errors.New("no [[source]]")
	}
	if len(c.Outputs) == 0 {
		return errors.New("no [[output]]")
	}
	outNames := map[string]bool{}
	schemes := map[string]int{}
	for i := range c.Outputs {
		u, _ := url.Parse(c.Outputs[i].URL)
		if u != nil {
			schemes[u.Scheme]++
		}
	}
	for i := range c.Outputs {
		o := &c.Outputs[i]
		if err := o.finish(schemes, c.Compression); err != nil {
			return fmt.Errorf("output[%d] (%s): %w", i, o.URL, err)
		}
		if outNames[o.Name] {
			return fmt.Errorf("output[%d]: name %q used twice", i, o.Name)
		}
		outNames[o.Name] = true
	}
	srcNames := map[string]bool{}
	posFiles := map[string]string{}
	for i := range c.Sources {
		s := &c.Sources[i]
		if err := s.finish(c.SpoolDir); err != nil {
			return fmt.Errorf("source[%d] (%s): %w", i, s.Name, err)
		}
		if srcNames[s.Name] {
			return fmt.Errorf("source[%d]: name %q used twice (set name)", i, s.Name)
		}
		srcNames[s.Name] = true
		if other, ok := posFiles[s.PosFile]; ok {
			return fmt.Errorf("source[%d] (%s): pos_file %s is also used by source %s", i, s.Name, s.PosFile, other)
		}
		posFiles[s.PosFile] = s.Name
		if !strings.Contains(s.Tag, "*") && len(c.routes(s.Tag)) == 0 {
			return fmt.Errorf("source[%d] (%s): no output matches tag %q", i, s.Name, s.Tag)
		}
	}
	return nil
}

func (s *Source) finish(spoolDir string) error {
	if s.Path != "" {
		for _, p := range strings.Split(s.Path, ",") {
			if p = strings.TrimSpace(p); p != "" {
				s.Paths = append(s.Paths, p)
			}
		}
		s.Path = ""
	}
	if len(s.Paths) == 0 {
		return errors.New("no paths")
	}
	for _, p := range append(append([]string{}, s.Paths...), s.Exclude...) {
		if _, err := filepath.Match(p, ""); err != nil {
			return fmt.Errorf("glob %q: %w", p, err)
		}
	}
	for _, p := range s.Paths {
		if !filepath.IsAbs(p) {
			return fmt.Errorf("path %q must be absolute", p)
		}
	}
	if s.Tag == "" {
		return errors.New("no tag")
	}
	if strings.Count(s.Tag, "*") > 1 {
		return fmt.Errorf("tag %q: at most one *", s.Tag)
	}
	if !validTag(strings.ReplaceAll(s.Tag, "*", "x")) {
		return fmt.Errorf("tag %q: use letters, digits, '_', '-' and '.'-separated parts", s.Tag)
	}
	if s.Name == "" {
		s.Name = strings.ReplaceAll(s.Tag, "*", "_")
	}
	if !validTag(s.Name) {
		return fmt.Errorf("name %q: use letters, digits, '_', '-' and '.'", s.Name)
	}
	if _, err := parse.New(s.Parser, s.Parse); err != nil {
		return err
	}
	if s.PosFile == "" {
		s.PosFile = filepath.Join(spoolDir, "pos", s.Name+".pos")
	}
	if !filepath.IsAbs(s.PosFile) {
		return fmt.Errorf("pos_file %q must be absolute", s.PosFile)
	}
	if s.RotateWait == 0 {
		s.RotateWait = Duration(defaultRotateWait)
	}
	if s.RefreshInterval == 0 {
		s.RefreshInterval = Duration(defaultRefresh)
	}
	if s.RotateWait < 0 || s.RefreshInterval < 0 {
		return errors.New("rotate_wait and refresh_interval must be positive")
	}
	if err := inRange("refresh_interval", s.RefreshInterval, 10*time.Millisecond, 24*time.Hour); err != nil {
		return err
	}
	if err := inRange("rotate_wait", s.RotateWait, time.Millisecond, 24*time.Hour); err != nil {
		return err
	}
	for _, p := range append(append([]string{}, s.Paths...), s.Exclude...) {
		if strings.Contains(p, "**") {
			return fmt.Errorf("glob %q: ** is not supported (one * matches within one directory): list each directory level", p)
		}
	}
	return nil
}

func (o *Output) finish(schemes map[string]int, compression string) error {
	if o.URL == "" {
		return errors.New("no url")
	}
	switch {
	case strings.HasPrefix(o.URL, "s3://"):
		u, err := url.Parse(o.URL)
		if err != nil {
			return err
		}
		if u.Host == "" {
			return errors.New("s3 url needs a bucket: s3://bucket/prefix")
		}
		o.scheme, o.host, o.prefix = "s3", u.Host, strings.Trim(u.Path, "/")
	case strings.HasPrefix(o.URL, "file://"):
		u, err := url.Parse(o.URL)
		if err != nil {
			return err
		}
		if u.Host != "" && u.Host != "localhost" {
			return fmt.Errorf("file url %q: want file:///absolute/dir", o.URL)
		}
		if !filepath.IsAbs(u.Path) {
			return fmt.Errorf("file url %q: want file:///absolute/dir", o.URL)
		}
		o.scheme, o.prefix = "file", filepath.Clean(u.Path)
	case strings.HasPrefix(o.URL, "snowflake://"):
		stage, prefix, err := output.ParseStageURL(o.URL)
		if err != nil {
			return err
		}
		o.scheme, o.host, o.prefix = "snowflake", stage, prefix
	default:
		return errors.New("url must be s3://bucket/prefix, file:///dir or snowflake://@stage/prefix")
	}
	if o.scheme != "s3" && o.S3 != (S3Options{}) {
		return errors.New("[output.s3] settings on a non-s3 output")
	}
	if o.scheme != "snowflake" && o.Snowflake != (SnowflakeOptions{}) {
		return errors.New("[output.snowflake] settings on a non-snowflake output")
	}
	if o.Name == "" {
		if schemes[o.scheme] > 1 {
			return fmt.Errorf("several %s outputs: give each a name", o.scheme)
		}
		o.Name = o.scheme
	}
	if !validTag(o.Name) {
		return fmt.Errorf("name %q: use letters, digits, '_', '-' and '.'", o.Name)
	}
	if o.Match == "" {
		o.Match = "**"
	}
	if _, err := compileMatch(o.Match); err != nil {
		return err
	}
	switch o.Format {
	case "":
		o.Format = "json"
	case "json", "fluentd":
	default:
		return fmt.Errorf("format %q: want json or fluentd", o.Format)
	}
	if o.Format != "json" && (o.TimeKey != "" || o.TagKey != "") {
		return errors.New("time_key and tag_key apply to the json format only")
	}
	if o.KeyFormat == "" {
		o.KeyFormat = DefaultKeyFormat
	}
	if err := checkKeyFormat(o.KeyFormat, compression); err != nil {
		return err
	}
	if o.Timekey == 0 {
		o.Timekey = Duration(defaultTimekey)
	}
	if o.TimekeyWait == nil {
		d := Duration(defaultTimekeyWait)
		o.TimekeyWait = &d
	}
	if o.Timekey < Duration(time.Second) || *o.TimekeyWait < 0 {
		return errors.New("timekey must be at least 1s and timekey_wait not negative")
	}
	if o.ChunkLimitSize == 0 {
		o.ChunkLimitSize = defaultChunkLimit
	}
	if o.Workers == 0 {
		o.Workers = 2
	}
	if o.Workers < 0 {
		return errors.New("workers must be positive")
	}
	if o.RetryWait == 0 {
		o.RetryWait = Duration(time.Second)
	}
	if o.RetryMaxInterval == 0 {
		o.RetryMaxInterval = Duration(5 * time.Minute)
	}
	if err := inRange("retry_wait", o.RetryWait, time.Millisecond, 24*time.Hour); err != nil {
		return err
	}
	if err := inRange("retry_max_interval", o.RetryMaxInterval, o.RetryWait.D(), 24*time.Hour); err != nil {
		return err
	}
	if o.ChunkLimitSize < 1<<10 || o.ChunkLimitSize > 5<<30 {
		return fmt.Errorf("chunk_limit_size %d: want 1KiB to 5GiB (the largest single S3 PUT)", o.ChunkLimitSize)
	}
	if o.scheme == "s3" {
		if err := o.S3.check(); err != nil {
			return err
		}
	}
	return nil
}

var tagRe = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

func validTag(t string) bool { return tagRe.MatchString(t) }

// expandTag replaces '*' in a source tag with the file path, as in_tail does.
func expandTag(tag, filePath string) string {
	if !strings.Contains(tag, "*") {
		return tag
	}
	p := strings.Trim(filepath.ToSlash(filePath), "/")
	p = strings.ReplaceAll(p, "/", ".")
	return strings.Replace(tag, "*", sanitizeTag(p), 1)
}

// sanitizeTag maps characters a tag may not hold to '_'.
func sanitizeTag(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			b[i] = '_'
		}
	}
	out := strings.Trim(strings.ReplaceAll(string(b), "..", "._."), ".")
	if out == "" {
		out = "_"
	}
	return out
}

// sanitizeKeyPart keeps a hostname usable in object keys and stage paths.
func sanitizeKeyPart(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

var placeholderRe = regexp.MustCompile(`%\{[^}]*\}`)

func checkKeyFormat(f, compression string) error {
	if !strings.Contains(f, "%{chunk_id}") {
		return fmt.Errorf("key_format %q must contain %%{chunk_id} (it keeps a retried chunk on its own key)", f)
	}
	if ext := spool.Ext(compression); !strings.HasSuffix(f, ext) && !strings.HasSuffix(f, "%{file_extension}") {
		return fmt.Errorf("key_format %q must end in %s or %%{file_extension} for compression %q (Snowflake detects the compression by it)", f, ext, compression)
	}
	for _, p := range placeholderRe.FindAllString(f, -1) {
		switch p {
		case "%{tag}", "%{hostname}", "%{chunk_id}", "%{file_extension}":
		default:
			return fmt.Errorf("key_format %q: unknown placeholder %s (%%{tag}, %%{hostname}, %%{chunk_id}, %%{file_extension})", f, p)
		}
	}
	rest := placeholderRe.ReplaceAllString(f, "")
	for i := 0; i < len(rest); i++ {
		if rest[i] != '%' {
			continue
		}
		if i+1 >= len(rest) || !strings.ContainsRune("YmdHMSjy%", rune(rest[i+1])) {
			return fmt.Errorf("key_format %q: unsupported directive at %q (use %%Y %%m %%d %%H %%M %%S %%j %%y)", f, rest[i:])
		}
		i++
	}
	sample := formatKey(f, compression, time.Date(2022, 1, 18, 10, 0, 0, 0, time.UTC), "tag", "host", "20220118T100000.000Z-0a1b2c3d")
	if err := output.ValidKey(sample); err != nil {
		return fmt.Errorf("key_format %q: %w", f, err)
	}
	return nil
}

// formatKey expands a key format for a chunk.
func formatKey(f, compression string, t time.Time, tag, hostname, chunkID string) string {
	t = t.UTC()
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' || i+1 >= len(f) {
			b.WriteByte(c)
			continue
		}
		if f[i+1] == '{' {
			end := strings.IndexByte(f[i:], '}')
			if end > 0 {
				switch f[i : i+end+1] {
				case "%{tag}":
					b.WriteString(tag)
				case "%{hostname}":
					b.WriteString(hostname)
				case "%{chunk_id}":
					b.WriteString(chunkID)
				case "%{file_extension}":
					b.WriteString(strings.TrimPrefix(spool.Ext(compression), "."))
				}
				i += end
				continue
			}
		}
		i++
		switch f[i] {
		case 'Y':
			b.WriteString(strconv.Itoa(t.Year()))
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case '%':
			b.WriteByte('%')
		}
	}
	return b.String()
}

// matcher is a compiled Fluentd <match> pattern list.
type matcher []*regexp.Regexp

func compileMatch(patterns string) (matcher, error) {
	var m matcher
	for _, p := range strings.Fields(patterns) {
		re, err := matchRegexp(p)
		if err != nil {
			return nil, fmt.Errorf("match %q: %w", p, err)
		}
		m = append(m, re)
	}
	if len(m) == 0 {
		return nil, errors.New("match is empty")
	}
	return m, nil
}

// matchRegexp translates one Fluentd tag pattern: "*" one part, "**" zero
// or more parts, "{a,b}" alternatives.
func matchRegexp(p string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '*' && i+1 < len(p) && p[i+1] == '*':
			// "a.**" also matches "a"; "**.b" also matches "b".
			i++
			if i+1 < len(p) && p[i+1] == '.' {
				b.WriteString(`(?:[^.]+\.)*`)
				i++
			} else if strings.HasSuffix(b.String(), `\.`) {
				s := strings.TrimSuffix(b.String(), `\.`)
				b.Reset()
				b.WriteString(s)
				b.WriteString(`(?:\..*)?`)
			} else {
				b.WriteString(`.*`)
			}
		case c == '*':
			b.WriteString(`[^.]+`)
		case c == '{':
			end := strings.IndexByte(p[i:], '}')
			if end < 0 {
				return nil, errors.New("unclosed {")
			}
			var alts []string
			for _, a := range strings.Split(p[i+1:i+end], ",") {
				alts = append(alts, regexp.QuoteMeta(a))
			}
			b.WriteString("(?:" + strings.Join(alts, "|") + ")")
			i += end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

func (m matcher) match(tag string) bool {
	for _, re := range m {
		if re.MatchString(tag) {
			return true
		}
	}
	return false
}

// routes returns the indexes of the outputs matching tag.
func (c *Config) routes(tag string) []int {
	var out []int
	for i := range c.Outputs {
		m, _ := compileMatch(c.Outputs[i].Match)
		if m.match(tag) {
			out = append(out, i)
		}
	}
	return out
}

// Duration is a TOML duration: "5s", "1m30s", or a number of seconds (as
// Fluentd writes "timekey 60").
type Duration time.Duration

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Duration) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		*d = Duration(time.Duration(x) * time.Second)
	case float64:
		*d = Duration(x * float64(time.Second))
	case string:
		if n, err := strconv.ParseFloat(x, 64); err == nil {
			*d = Duration(n * float64(time.Second))
			return nil
		}
		dd, err := time.ParseDuration(x)
		if err != nil {
			return fmt.Errorf("duration %q: want e.g. \"5s\", \"1m\" or seconds", x)
		}
		*d = Duration(dd)
	default:
		return fmt.Errorf("duration: want a string like \"5s\" or seconds, got %T", v)
	}
	return nil
}

// D returns the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Size is a TOML byte size: a number of bytes or "256m", "256MiB", "8GiB"
// (k, m, g, t are powers of 1024, as in Fluentd).
type Size int64

// UnmarshalTOML implements toml.Unmarshaler.
func (s *Size) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		if x < 0 {
			return fmt.Errorf("size %d: must not be negative", x)
		}
		*s = Size(x)
		return nil
	case string:
		n, err := parseSize(x)
		if err != nil {
			return err
		}
		*s = Size(n)
		return nil
	}
	return fmt.Errorf("size: want bytes or a string like \"256MiB\", got %T", v)
}

func parseSize(x string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(x))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "b"), "i")
	mult := int64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'k':
			mult = 1 << 10
		case 'm':
			mult = 1 << 20
		case 'g':
			mult = 1 << 30
		case 't':
			mult = 1 << 40
		}
		if mult > 1 {
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("size %q: want bytes or e.g. \"256MiB\"", x)
	}
	if n*float64(mult) > maxSize {
		return 0, fmt.Errorf("size %q: more than 1 PiB", x)
	}
	return int64(n * float64(mult)), nil
}

// maxSize bounds byte sizes so that sums of them cannot overflow int64.
const maxSize = 1 << 50

// inRange checks a duration setting: a negative, zero or absurd value is a
// configuration error at --check time, not a panic or a stall at run time.
func inRange(name string, d Duration, min, max time.Duration) error {
	if d.D() < min || d.D() > max {
		return fmt.Errorf("%s %v: want %v to %v", name, d.D(), min, max)
	}
	return nil
}

// check validates [output.s3] values that NewS3 would only reject when
// shipping starts.
func (o S3Options) check() error {
	switch o.Checksum {
	case "", "when_supported", "when_required":
	default:
		return fmt.Errorf("[output.s3] checksum %q: want when_supported or when_required", o.Checksum)
	}
	switch o.SSE {
	case "", "AES256", "aws:kms", "aws:kms:dsse":
	default:
		return fmt.Errorf("[output.s3] sse %q: want AES256, aws:kms or aws:kms:dsse", o.SSE)
	}
	if o.SSEKMSKeyID != "" && o.SSE != "aws:kms" && o.SSE != "aws:kms:dsse" {
		return errors.New("[output.s3] sse_kms_key_id needs sse = \"aws:kms\"")
	}
	if (o.AccessKeyID == "") != (o.SecretAccessKey == "") {
		return errors.New("[output.s3] access_key_id and secret_access_key go together")
	}
	if o.ResponseTimeout < 0 || o.AttemptTimeout < 0 {
		return errors.New("[output.s3] response_timeout and attempt_timeout must not be negative")
	}
	if o.CABundle != "" {
		pem, err := os.ReadFile(o.CABundle)
		if err != nil {
			return fmt.Errorf("[output.s3] ca_bundle: %w", err)
		}
		if !x509.NewCertPool().AppendCertsFromPEM(pem) {
			return fmt.Errorf("[output.s3] ca_bundle %s: no PEM certificate in it", o.CABundle)
		}
	}
	return nil
}
