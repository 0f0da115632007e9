# flurry pyudtf harness: runs one Snowflake LANGUAGE PYTHON table function body
# over one partition of input rows, the way Snowflake does: the body is executed
# once, the handler class is instantiated once for the partition, process(*args)
# is called for every input row in order, then end_partition() at the end of
# input if the class defines it. Run sends the whole partition at once; Stream
# sends it in batches, each followed by a flush record, and needs each batch's
# output before it sends the next one.
#
# Protocol, JSON lines (must stay Python 3.8 compatible, Snowflake's oldest runtime):
#   stdin  line 1: {"name": str, "handler": str, "body": str, "columns": [str, ...]}
#   stdin  then:   one JSON array of argument values per input row, and
#                  optionally {"flush": k} after a batch (Stream)
#   stdout: [input_index, [value, ...]] per output row (index counts all rows
#           of the partition; -1 for end_partition rows)
#           {"flushed": k, "rows": rows_read} answering each flush
#           {"error": {...}} when the partition fails (the last line written)
#           {"done": rows_read} after end_partition at end of input (the last line)
# Values are str/int/float/bool/null; non-finite floats travel as {"$float": "NaN"}.
# The protocol uses private copies of fds 0 and 1: the handler's print() goes to
# stderr and its reads from stdin see /dev/null, so it cannot corrupt the stream.
import json
import linecache
import math
import os
import sys
import traceback

_FLOAT_TAGS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def _tagged_float(obj):
    if len(obj) == 1 and "$float" in obj:
        return _FLOAT_TAGS[obj["$float"]]
    return obj


class _Reject(Exception):
    """A handler result the harness refuses (wrong arity, unsupported type)."""


def _out_value(v, columns, i):
    t = type(v)
    if v is None or t is str or t is int or t is bool:
        return v
    if t is float:
        if math.isfinite(v):
            return v
        return {"$float": "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")}
    # Subclasses (IntEnum, str-based enums, numpy scalars registered as numbers...).
    if isinstance(v, bool):
        return bool(v)
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return _out_value(float(v), columns, i)
    if isinstance(v, str):
        return str(v)
    raise _Reject(
        "output column %d (%s) has unsupported Python type %s; supported: str, int, float, bool, None"
        % (i + 1, columns[i], t.__name__)
    )


def _out_row(row, columns):
    if type(row) is not tuple and type(row) is not list:
        raise _Reject("produced a %s where a row tuple was expected" % type(row).__name__)
    if len(row) != len(columns):
        raise _Reject(
            "produced a row of %d values but the function declares %d output columns (%s)"
            % (len(row), len(columns), ", ".join(columns))
        )
    return [_out_value(v, columns, i) for i, v in enumerate(row)]


def _body_location(tb, filename):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def main():
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)

    header = json.loads(proto_in.readline())
    name = header["name"] or "udtf"
    handler_name = header["handler"]
    columns = header["columns"]
    filename = name + ".py"
    body = header["body"]
    # Register the body so tracebacks can quote its source lines.
    linecache.cache[filename] = (len(body), None, body.splitlines(True), filename)

    write = proto_out.write
    dumps = json.dumps
    loads = json.loads
    state = {"method": "body", "input": -1}

    def fail(exc_type, exc, tb, message=None):
        if message is None:
            lines = traceback.format_exception(exc_type, exc, tb)
            last = traceback.format_exception_only(exc_type, exc)[-1].strip()
            err = {
                "kind": "exception",
                "type": exc_type.__name__,
                "message": last,
                "traceback": "".join(lines),
                "line": exc.lineno if issubclass(exc_type, SyntaxError) else _body_location(tb, filename),
            }
        else:
            err = {"kind": "result", "type": "", "message": message, "traceback": "", "line": None}
        err["method"] = state["method"]
        err["input"] = state["input"]
        write(dumps({"error": err}) + "\n")
        proto_out.flush()
        return 1

    try:
        code = compile(body, filename, "exec")
        # Not "__main__": a body's `if __name__ == "__main__":` self-test must not run.
        namespace = {"__name__": name, "__file__": filename}
        exec(code, namespace)
        cls = namespace.get(handler_name)
        if cls is None:
            return fail(None, None, None, "the function body does not define handler class %r" % handler_name)
        state["method"] = "__init__"
        handler = cls()
        process = getattr(handler, "process", None)
        if process is None:
            return fail(None, None, None, "handler class %r has no process method" % handler_name)
        end_partition = getattr(handler, "end_partition", None)
    except BaseException as e:  # noqa: B902 - report everything, even SystemExit
        return fail(type(e), e, e.__traceback__.tb_next)

    state["method"] = "process"
    n = 0
    for line in proto_in:
        args = loads(line, object_hook=_tagged_float)
        if type(args) is dict:
            write(dumps({"flushed": args.get("flush"), "rows": n}) + "\n")
            proto_out.flush()
            continue
        state["input"] = n
        try:
            result = process(*args)
            if result is not None:
                try:
                    it = iter(result)
                except TypeError:
                    return fail(None, None, None, "process returned %s %.40r; it must return an iterable of tuples or None"
                                % (type(result).__name__, result))
                for row in it:
                    write(dumps([n, _out_row(row, columns)]) + "\n")
        except _Reject as e:
            return fail(None, None, None, state["method"] + " " + str(e))
        except BaseException as e:  # noqa: B902
            return fail(type(e), e, e.__traceback__.tb_next)
        n += 1

    if end_partition is not None:
        state["method"] = "end_partition"
        state["input"] = -1
        try:
            result = end_partition()
            if result is not None:
                for row in result:
                    write(dumps([-1, _out_row(row, columns)]) + "\n")
        except _Reject as e:
            return fail(None, None, None, state["method"] + " " + str(e))
        except BaseException as e:  # noqa: B902
            return fail(type(e), e, e.__traceback__.tb_next)

    write(dumps({"done": n}) + "\n")
    proto_out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
