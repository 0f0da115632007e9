package rewrite

// Prelude returns the DuckDB statements the engine must run on every new
// DuckDB connection before running rewritten SQL: session settings that
// match Snowflake (UTC, NULLs sort high) and the _SF_* macros the rewriter
// calls. Temporary macros live in the connection, so each connection needs them.
func Prelude() []string {
	out := make([]string, len(prelude))
	copy(out, prelude)
	return out
}

var prelude = []string{
	`SET TimeZone = 'UTC'`,
	// Snowflake sorts NULL above every value: last ascending, first descending.
	`SET default_null_order = 'nulls_last_on_asc_first_on_desc'`,

	// _SF_REFUSE(construct, w): fails at run time with 002040 naming the
	// construct (result.go matches the failed cast), for a row whose
	// value w is not NULL. A cast that fails, unlike error(), lets
	// DuckDB drop a view column holding it when a query reads none of
	// it; w keeps the cast from being folded, and so failing, in a CASE
	// branch no row takes.
	`CREATE OR REPLACE TEMP MACRO _SF_REFUSE(construct, w) AS CAST(CAST('unsupported: ' || construct || left(CAST(w AS VARCHAR), 0) AS INTEGER) AS VARCHAR)`,

	// The operands of a collated comparison (collate.go): a text, and, for
	// 'upper'/'lower', one whose characters DuckDB's one-to-one case
	// mapping converts as Snowflake's full mapping does: ASCII and Latin-1
	// but ß, and characters no case mapping touches (Unicode maps only
	// letters, marks, letter numbers and the circled letters U+24B6-24E9).
	// A string holding another letter, or a code point unassigned in
	// DuckDB's Unicode tables, is refused when a row holds it.
	`CREATE OR REPLACE TEMP MACRO _SF_COLL_TEXT(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(x AS VARCHAR) ELSE _SF_REFUSE('COLLATE of a value that is not a text', x) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_COLL_CASED(x) AS CASE WHEN regexp_matches(x, '[^\x00-\xDE\xE0-\xFF]')
		AND regexp_matches(regexp_replace(x, '[\x00-\xDE\xE0-\xFF]', '', 'g'), '[\p{L}\p{M}\p{Nl}\x{24B6}-\x{24E9}]|[^\p{L}\p{M}\p{N}\p{P}\p{S}\p{Z}\p{C}]')
		THEN _SF_REFUSE('COLLATE upper or lower of a letter outside Latin-1 or of ß', x) ELSE x END`,

	// A value's string form as Snowflake's ::VARCHAR gives it: JSON strings
	// lose their quotes, other JSON values become JSON text, SQL values their text.
	`CREATE OR REPLACE TEMP MACRO _SF_TO_VARCHAR(x) AS json_extract_string(to_json(x), '$')`,
	// Redefined in tz.go, once the macros it needs exist.
	`CREATE OR REPLACE TEMP MACRO _SF_CAST_TEXT(x) AS _SF_TO_VARCHAR(x)`,

	// Integers (and integer strings) are seconds, milliseconds, microseconds
	// or nanoseconds since the epoch depending on magnitude, as in Snowflake.
	`CREATE OR REPLACE TEMP MACRO _SF_EPOCH(n) AS CASE
		WHEN abs(n) < 31536000000 THEN make_timestamp(CAST(n * 1000000 AS BIGINT))
		WHEN abs(n) < 31536000000000 THEN make_timestamp(CAST(n * 1000 AS BIGINT))
		WHEN abs(n) < 31536000000000000 THEN make_timestamp(CAST(n AS BIGINT))
		ELSE make_timestamp(CAST(n // 1000 AS BIGINT)) END`,
	// Snowflake accepts an offset after a space ("... 10:11:12 +02:00"); DuckDB wants it attached.
	`CREATE OR REPLACE TEMP MACRO _SF_TS_NORM(s) AS regexp_replace(trim(s), '\s+([+-][0-9]{2}(:?[0-9]{2})?|Z)$', '\1')`,
	`CREATE OR REPLACE TEMP MACRO _SF_TS_TEXT(s) AS CASE
		WHEN s IS NULL THEN NULL
		WHEN regexp_full_match(s, '\s*-?[0-9]+\s*') THEN _SF_EPOCH(CAST(trim(s) AS HUGEINT))
		WHEN regexp_full_match(s, '\s*-?[0-9]+\.[0-9]*\s*') THEN make_timestamp(CAST(round(CAST(trim(s) AS DOUBLE) * 1000000) AS BIGINT))
		ELSE CAST(_SF_TS_NORM(s) AS TIMESTAMP) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_TRY_TS_TEXT(s) AS CASE
		WHEN s IS NULL THEN NULL
		WHEN regexp_full_match(s, '\s*-?[0-9]+\s*') THEN _SF_EPOCH(TRY_CAST(trim(s) AS HUGEINT))
		WHEN regexp_full_match(s, '\s*-?[0-9]+\.[0-9]*\s*') THEN make_timestamp(CAST(round(CAST(trim(s) AS DOUBLE) * 1000000) AS BIGINT))
		ELSE TRY_CAST(_SF_TS_NORM(s) AS TIMESTAMP) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_TO_TIMESTAMP(x) AS _SF_TS_TEXT(_SF_TO_VARCHAR(x))`,
	`CREATE OR REPLACE TEMP MACRO _SF_TRY_TO_TIMESTAMP(x) AS _SF_TRY_TS_TEXT(_SF_TO_VARCHAR(x))`,
	`CREATE OR REPLACE TEMP MACRO _SF_TO_TIMESTAMPTZ(x) AS CASE
		WHEN regexp_full_match(_SF_TO_VARCHAR(x), '\s*-?[0-9]+(\.[0-9]*)?\s*') THEN CAST(_SF_TO_TIMESTAMP(x) AS TIMESTAMPTZ)
		ELSE CAST(_SF_TS_NORM(_SF_TO_VARCHAR(x)) AS TIMESTAMPTZ) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_TRY_TO_TIMESTAMPTZ(x) AS CASE
		WHEN regexp_full_match(_SF_TO_VARCHAR(x), '\s*-?[0-9]+(\.[0-9]*)?\s*') THEN CAST(_SF_TRY_TO_TIMESTAMP(x) AS TIMESTAMPTZ)
		ELSE TRY_CAST(_SF_TS_NORM(_SF_TO_VARCHAR(x)) AS TIMESTAMPTZ) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_TO_DATE(x) AS CAST(_SF_TO_TIMESTAMP(x) AS DATE)`,
	`CREATE OR REPLACE TEMP MACRO _SF_TRY_TO_DATE(x) AS CAST(_SF_TRY_TO_TIMESTAMP(x) AS DATE)`,

	// INITCAP upper-cases the first letter of each word (words split at
	// whitespace and punctuation) and lower-cases the rest.
	`CREATE OR REPLACE TEMP MACRO _SF_INITCAP(s) AS array_to_string(list_transform(
		regexp_extract_all(s, '[[:alnum:]]+|[^[:alnum:]]+'), w -> upper(substr(w, 1, 1)) || lower(substr(w, 2))), '')`,

	// SPLIT_PART treats part 0 as 1, and an empty delimiter does not split
	// (part 1 and -1 are the whole string, any other part is empty).
	`CREATE OR REPLACE TEMP MACRO _SF_SPLIT_PART(s, d, n) AS CASE WHEN d = '' THEN
		CASE WHEN n IN (0, 1, -1) THEN s ELSE '' END
		ELSE split_part(s, d, CASE WHEN n = 0 THEN 1 ELSE n END) END`,

	// Semi-structured data (VARIANT, OBJECT and ARRAY are JSON).
	`CREATE OR REPLACE TEMP MACRO _SF_PARSE_JSON(s) AS CASE WHEN s IS NULL OR CAST(s AS VARCHAR) = '' THEN NULL ELSE json(s) END`,
	// TRY_PARSE_JSON keeps the text as written but its leading whitespace,
	// which could otherwise be PARSE_XML's mark (sfunc/xml_mark.go).
	`CREATE OR REPLACE TEMP MACRO _SF_TRY_PARSE_JSON(s) AS CASE WHEN s IS NULL OR CAST(s AS VARCHAR) = '' THEN NULL ELSE TRY_CAST(ltrim(CAST(s AS VARCHAR), ' ' || chr(9) || chr(10) || chr(13)) AS JSON) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_CHECK_JSON(s) AS CASE WHEN s IS NULL OR CAST(s AS VARCHAR) = '' OR json_valid(s) THEN NULL ELSE 'invalid JSON document' END`,
	// _SF_XML_READ(b) and _SF_XML_NODE(b): b, refused when it is a
	// PARSE_XML or XMLGET value (or a part of one) holding an element whose
	// JSON form no source shows, anywhere in it (GET with a computed key,
	// FLATTEN RECURSIVE) or as its top element (OBJECT_KEYS, FLATTEN):
	// sfunc/xml_read.go. Only a text beginning with a carriage return (the
	// first character of the XML marks) reaches the Go function. (The
	// leading IS NULL test keeps DuckDB from resolving the Go function when
	// the macro is created, before the Go functions are registered.)
	`CREATE OR REPLACE TEMP MACRO _SF_XML_READ(b) AS CASE WHEN b IS NULL THEN NULL
	WHEN ascii(CAST(b AS VARCHAR)) = 13 AND NOT _SF_GO_XML_READABLE(CAST(b AS VARCHAR), true) THEN NULL ELSE b END`,
	`CREATE OR REPLACE TEMP MACRO _SF_XML_NODE(b) AS CASE WHEN b IS NULL THEN NULL
	WHEN ascii(CAST(b AS VARCHAR)) = 13 AND NOT _SF_GO_XML_READABLE(CAST(b AS VARCHAR), false) THEN NULL ELSE b END`,
	// GET / v[k] with a key or index computed at run time. A text is one
	// key, never a JSONPath or JSON pointer as DuckDB would read '$.a' or
	// '/a'; an integer is a 0-based index, and "If the index points outside
	// of the array boundaries ... this function returns NULL" (docs: GET),
	// where DuckDB counts a negative index from the end. Other key types
	// (a VARIANT, a fraction) are refused: whether they index or key is
	// not documented.
	`CREATE OR REPLACE TEMP MACRO _SF_GET(j, k) AS json_extract(_SF_XML_READ(j), CASE
		WHEN k IS NULL THEN NULL
		WHEN typeof(k) = 'VARCHAR' THEN CASE WHEN regexp_matches(CAST(k AS VARCHAR), '["\\]')
			THEN _SF_REFUSE('a path key containing a double quote or backslash', k)
			ELSE '$."' || CAST(k AS VARCHAR) || '"' END
		WHEN typeof(k) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT')
			OR regexp_full_match(typeof(k), 'DECIMAL\(\d+,0\)')
			THEN CASE WHEN starts_with(CAST(k AS VARCHAR), '-') THEN NULL ELSE '$[' || CAST(k AS VARCHAR) || ']' END
		ELSE _SF_REFUSE('GET or [] with a key of type ' || typeof(k), k) END)`,
	`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_SIZE(a) AS CASE WHEN json_type(a) = 'ARRAY' THEN CAST(json_array_length(a) AS BIGINT) END`,
	// ARRAY_TO_STRING: "A NULL argument returns NULL" (docs:
	// array_to_string); DuckDB's array_to_string(l, NULL) joins with ','.
	// An element that is an OBJECT holding an "@" key (an XML element
	// PARSE_XML read, which casts to VARCHAR as XML text: sfunc/xml_print.go)
	// is refused: no source says which text Snowflake joins for it.
	`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_TO_STRING(a, sep) AS CASE WHEN sep IS NULL THEN NULL ELSE array_to_string(list_transform(CAST(a AS JSON[]), x -> CASE
		WHEN left(CAST(x AS VARCHAR), 1) = '{' AND contains(CAST(x AS VARCHAR), '"@":') THEN _SF_REFUSE('ARRAY_TO_STRING of an element that may be an XML element', x)
		ELSE coalesce(json_extract_string(x, '$'), '') END), sep) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_APPEND(a, v) AS to_json(list_append(CAST(a AS JSON[]), to_json(v)))`,
	`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_CAT(a, b) AS to_json(list_concat(CAST(a AS JSON[]), CAST(b AS JSON[])))`,
	`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_DISTINCT(a) AS to_json(list_distinct(CAST(a AS JSON[])))`,
	`CREATE OR REPLACE TEMP MACRO _SF_OBJECT_KEYS(o) AS CASE WHEN json_type(o) = 'OBJECT' THEN to_json(list_sort(json_keys(_SF_XML_NODE(o)))) END`,
	`CREATE OR REPLACE TEMP MACRO _SF_OBJECT_INSERT(o, k, v) AS json_merge_patch(o, json_object(CAST(k AS VARCHAR), v))`,
	`CREATE OR REPLACE TEMP MACRO _SF_TYPEOF(v) AS CASE json_type(to_json(v))
		WHEN 'OBJECT' THEN 'OBJECT' WHEN 'ARRAY' THEN 'ARRAY' WHEN 'VARCHAR' THEN 'VARCHAR'
		WHEN 'BOOLEAN' THEN 'BOOLEAN' WHEN 'NULL' THEN 'NULL_VALUE'
		WHEN 'BIGINT' THEN 'INTEGER' WHEN 'UBIGINT' THEN 'INTEGER'
		WHEN 'DOUBLE' THEN CASE WHEN contains(lower(CAST(to_json(v) AS VARCHAR)), 'e') THEN 'DOUBLE' ELSE 'DECIMAL' END
		END`,
	`CREATE OR REPLACE TEMP MACRO _SF_IS_NULL_VALUE(v) AS json_type(v) = 'NULL'`,
	`CREATE OR REPLACE TEMP MACRO _SF_STRIP_NULL_VALUE(v) AS CASE WHEN json_type(v) = 'NULL' THEN NULL ELSE v END`,
	// TO_OBJECT and TO_ARRAY of a JSON null are NULL (docs: to_object,
	// to_array).
	`CREATE OR REPLACE TEMP MACRO _SF_TO_OBJECT(v) AS CASE
		WHEN v IS NULL OR json_type(to_json(v)) = 'NULL' THEN NULL
		WHEN json_type(to_json(v)) = 'OBJECT' THEN to_json(v)
		ELSE error('Invalid object: TO_OBJECT requires an OBJECT') END`,
	`CREATE OR REPLACE TEMP MACRO _SF_TO_ARRAY(v) AS CASE
		WHEN v IS NULL OR json_type(to_json(v)) = 'NULL' THEN NULL
		WHEN json_type(to_json(v)) = 'ARRAY' THEN to_json(v)
		ELSE json_array(v) END`,

	// PARSE_IP(expr, 'INET'|'CIDR' [, permissive]) for IPv4 returns the
	// object Snowflake returns; IPv6 gets family, host and ip_type only.
	`CREATE OR REPLACE TEMP MACRO _SF_IPV4_NUM(h) AS
		CAST(split_part(h, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(h, '.', 2) AS BIGINT) * 65536 +
		CAST(split_part(h, '.', 3) AS BIGINT) * 256 + CAST(split_part(h, '.', 4) AS BIGINT)`,
	`CREATE OR REPLACE TEMP MACRO _SF_IPV4_MASK(plen) AS (4294967295 << (32 - plen)) & 4294967295`,
	`CREATE OR REPLACE TEMP MACRO _SF_IPV4_OBJ(h, plen, kind) AS CASE
		WHEN plen IS NULL THEN json_object('family', 4, 'host', h, 'ip_fields', json_array(_SF_IPV4_NUM(h), 0, 0, 0),
			'ip_type', kind, 'ipv4', _SF_IPV4_NUM(h), 'snowflake$type', 'ip_address')
		ELSE json_object('family', 4, 'host', h, 'ip_fields', json_array(_SF_IPV4_NUM(h), 0, 0, 0),
			'ip_type', kind, 'ipv4', _SF_IPV4_NUM(h),
			'ipv4_range_end', (_SF_IPV4_NUM(h) & _SF_IPV4_MASK(plen)) | (~_SF_IPV4_MASK(plen) & 4294967295),
			'ipv4_range_start', _SF_IPV4_NUM(h) & _SF_IPV4_MASK(plen),
			'netmask_prefix_length', plen, 'snowflake$type', 'ip_address') END`,
	`CREATE OR REPLACE TEMP MACRO _SF_PARSE_IP(ip, kind, permissive) AS CASE
		WHEN ip IS NULL OR kind IS NULL THEN NULL
		WHEN lower(kind) NOT IN ('inet', 'cidr') THEN error('invalid PARSE_IP type ' || kind || ': expected INET or CIDR')
		WHEN regexp_full_match(trim(ip), '((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?')
			THEN _SF_IPV4_OBJ(split_part(trim(ip), '/', 1),
				CASE WHEN contains(ip, '/') THEN CAST(split_part(trim(ip), '/', 2) AS BIGINT) END, lower(kind))
		WHEN regexp_full_match(trim(ip), '[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/[0-9]{1,3})?')
			THEN json_object('family', 6, 'host', split_part(trim(ip), '/', 1), 'ip_type', lower(kind), 'snowflake$type', 'ip_address')
		WHEN permissive = 1 THEN json_object('error', 'Invalid IP address: ' || ip)
		ELSE error('Failed to parse IP address: ' || ip) END`,

	// PARSE_URL(url [, permissive]): scheme, host, port, path (no leading /),
	// query, parameters (object) and fragment, like Snowflake.
	`CREATE OR REPLACE TEMP MACRO _SF_URL_QUERY(u) AS NULLIF(regexp_extract(u, '\?([^#]*)', 1), '')`,
	`CREATE OR REPLACE TEMP MACRO _SF_PARSE_URL(u, permissive := 0) AS CASE WHEN u IS NULL THEN NULL ELSE json_object(
		'fragment', NULLIF(regexp_extract(u, '#(.*)$', 1), ''),
		'host', NULLIF(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]*)', 1), ''),
		'parameters', CASE WHEN _SF_URL_QUERY(u) IS NULL THEN NULL ELSE json('{' || array_to_string(list_transform(
			list_filter(string_split(_SF_URL_QUERY(u), '&'), kv -> kv <> ''),
			kv -> CAST(to_json(split_part(kv, '=', 1)) AS VARCHAR) || ':' || CAST(to_json(CASE WHEN contains(kv, '=') THEN substr(kv, strpos(kv, '=') + 1) END) AS VARCHAR)), ',') || '}') END,
		'path', NULLIF(regexp_extract(u, '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?/?([^?#]*)', 1), ''),
		'port', NULLIF(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://[^/:?#]*:([0-9]+)', 1), ''),
		'query', _SF_URL_QUERY(u),
		'scheme', NULLIF(regexp_extract(u, '^([A-Za-z][A-Za-z0-9+.-]*)://', 1), '')) END`,
}
