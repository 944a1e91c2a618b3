#!/usr/bin/env python
"""Capacity run (issue 14): nginx (Debian's package, with a configuration derived from deploy/nginx.conf) in
front of gunicorn on the deployed configuration (deploy/gunicorn.conf.py), driven past saturation with rising
concurrency. Shows what a client gets beyond capacity: a quick 503 with Retry-After, or a timeout. Not a test:
it measures and reports.

    .venv/bin/python bench/capacity.py                  # levels 8..384 clients, prints a Markdown table
    .venv/bin/python bench/capacity.py --write-results  # ...and puts it in bench/RESULTS.md

Each simulated client is a signed-in applicant with a keep-alive connection to nginx from its OWN loopback
address (127.1.x.y), as separate people are: deploy/nginx.conf's per-address rate limit (20 r/s, burst 100)
then applies per person and the site-wide limit (128 requests in progress) and gunicorn's bounded backlog (64)
are what answer the excess. A client asks for its "My applications" page (a signed-in page, never cached)
again as soon as it gets an answer; after a 503 it waits --retry-pause seconds (an impatient person clicking
again, far sooner than the Retry-After it was given); a request unanswered after --timeout seconds is a
timeout (the client closes and reconnects). With --direct the highest level is also run straight against
gunicorn without nginx, to show what nginx prevents.

nginx's configuration is deploy/nginx.conf with only what exists in the containers moved to this machine: the
addresses (free loopback ports; the TLS server listens without TLS, so the load generator spends its CPU on
requests rather than on handshakes), the upstream `web:8000` → gunicorn's port, the certificate, temporary and
log paths. Every limit, timeout and buffer is the file's own. --limit-conn 128,64 runs one nginx per value of
the site-wide limit of requests in progress (`limit_conn portal_site`, 128 in the file) in front of the same
gunicorn, interleaved level by level, so a variant is compared with the deployed file under the same load.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from argparse import Namespace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from apply_spike import (  # noqa: E402  (bench/ is the script's folder)
    PY,
    ROOT,
    SETTINGS_SHIM,
    URLS_SHIM,
    add_workers_argument,
    clean_up,
    load_average,
    machine,
    manage,
    recreate_database,
    seed,
    server_env,
    wait_for_server,
)
from results_file import write_section  # noqa: E402

NGINX_BIN = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
PAGE = "/applications/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replaced(text: str, old: str, new: str) -> str:
    if old not in text:
        raise SystemExit(f"deploy/nginx.conf no longer contains {old!r}: update bench/capacity.py")
    return text.replace(old, new)


def nginx_conf(work: Path, *, port: int, upstream: int, limit_conn: int = 128) -> Path:
    """deploy/nginx.conf moved to this machine (addresses, paths); its limits, buffers and timeouts unchanged
    but for the site-wide limit of requests in progress (`limit_conn`). Its files in work/nginx-<limit>/."""
    work = work / f"nginx-{limit_conn}"
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (work / "certs").mkdir(parents=True)
    (work / "certs" / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (work / "certs" / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = replaced(text, "/etc/nginx/certs/", f"{work}/certs/")
    text = replaced(text, "/var/cache/nginx/", f"{work}/cache-")
    text = replaced(text, "error_log /dev/stderr warn;", f"error_log {work}/nginx-error.log warn;")
    text = replaced(text, "access_log /dev/stdout portal;", f"access_log {work}/nginx-access.log portal;")
    text = replaced(text, "http://web:8000", f"http://127.0.0.1:{upstream}")
    text = replaced(text, "listen 80 ", f"listen 127.0.0.1:{free_port()} ")
    text = replaced(text, "listen 443 ssl ", f"listen 127.0.0.1:{port} ")
    text = replaced(text, "alias /srv/static/", f"alias {work}/static/")
    text = replaced(text, "alias /srv/private-media/", f"alias {work}/private/")
    # The site-wide limit of requests in progress: the file's 128, or a variant (--limit-conn), named in the
    # report.
    text = replaced(text, "limit_conn portal_site 128;", f"limit_conn portal_site {limit_conn};")
    conf = work / "nginx.conf"
    conf.write_text(text)
    return conf


def start_nginx(work: Path, conf: Path, port: int) -> subprocess.Popen:
    # As root, nginx would hand its workers to "nobody", who cannot read the temporary folder.
    globals_ = f"daemon off; pid {work}/nginx.pid;" + (" user root;" if os.geteuid() == 0 else "")
    check = subprocess.run(
        [NGINX_BIN, "-t", "-e", str(work / "nginx-error.log"), "-c", str(conf), "-g", globals_],
        capture_output=True,
        text=True,
    )
    if check.returncode:
        raise SystemExit(check.stderr)
    process = subprocess.Popen(
        [NGINX_BIN, "-e", str(work / "nginx-error.log"), "-c", str(conf), "-g", globals_],
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((work / "nginx-error.log").read_text()) from None
            time.sleep(0.05)


# --- Load -------------------------------------------------------------------------------------------------


def source_address(i: int) -> str:
    return f"127.1.{i // 250}.{i % 250 + 1}"


async def read_response(reader) -> tuple[int, dict, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    size = 0
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    else:
        size = len(await reader.read())
        headers["connection"] = "close"
    return status, headers, size


async def client(i, *, port, session, stop_at, timeout, pause, results):
    request = (
        f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sessionid={session}\r\n"
        "Accept-Language: sq\r\n\r\n"
    ).encode()
    conn = None
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            async with asyncio.timeout(timeout):
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", port, local_addr=(source_address(i), 0))
                reader, writer = conn
                writer.write(request)
                status, headers, _size = await read_response(reader)
        except TimeoutError:
            results.append(("timeout", time.monotonic() - started, started))
            conn = close(conn)
            continue
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            results.append((f"error {exc.__class__.__name__}", time.monotonic() - started, started))
            conn = close(conn)
            await asyncio.sleep(pause)
            continue
        elapsed = time.monotonic() - started
        if status == 503:
            results.append(("503 retry-after" if "retry-after" in headers else "503", elapsed, started))
        else:
            results.append((str(status), elapsed, started))
        if headers.get("connection", "").lower() == "close":
            conn = close(conn)
        if status == 503:
            await asyncio.sleep(pause)
    close(conn)


def close(conn):
    if conn is not None:
        conn[1].transport.abort()
    return None


async def level(n, *, port, sessions, seconds, timeout, pause, warmup):
    results: list = []
    started = time.monotonic()
    stop_at = started + warmup + seconds
    await asyncio.gather(
        *(
            client(
                i,
                port=port,
                session=sessions[i],
                stop_at=stop_at,
                timeout=timeout,
                pause=pause,
                results=results,
            )
            for i in range(n)
        )
    )
    # Only requests started inside the measured window (after the warm-up) count.
    window = [r for r in results if r[2] >= started + warmup]
    return window, seconds


def pct(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def summarise(n, window, seconds, target):
    ok = [e for kind, e, _ in window if kind == "200"]
    busy = [e for kind, e, _ in window if kind.startswith("503")]
    without_retry_after = sum(1 for kind, _, _ in window if kind == "503")
    timeouts = sum(1 for kind, _, _ in window if kind == "timeout")
    other = {}
    for kind, _, _ in window:
        if kind not in ("200", "503", "503 retry-after", "timeout"):
            other[kind] = other.get(kind, 0) + 1
    total = len(window)
    return {
        "target": target,
        "clients": n,
        "requests": total,
        "ok": len(ok),
        "throughput": len(ok) / seconds,
        "p50_ms": pct(ok, 50),
        "p99_ms": pct(ok, 99),
        "busy": len(busy),
        "busy_share": len(busy) / total if total else 0.0,
        "busy_p50_ms": pct(busy, 50),
        "busy_p99_ms": pct(busy, 99),
        "busy_without_retry_after": without_retry_after,
        "timeouts": timeouts,
        "other": other,
    }


# --- Main -------------------------------------------------------------------------------------------------


def report(args, rows, extra) -> str:
    limits = ", ".join(str(x) for x in args.limits)
    lines = [
        "## Capacity: nginx in front of gunicorn, past saturation (`bench/capacity.py`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine(extra['load'])} (the machine "
        "is shared with other work: only the shape counts, not the absolute rates); load average at the end "
        f"{extra['load_end']}. Command: `{extra['command']}`. nginx {extra['nginx']} (Debian's package) with "
        "deploy/nginx.conf (addresses and paths moved to this machine, plain HTTP; its limits: 20 r/s per "
        f"address with a burst of 100, `limit_conn portal_site` requests in progress site-wide ({limits}: "
        "the file says 128; another value is a variant, one nginx each, interleaved level by level), 503 "
        "with Retry-After from `@busy`, proxy_connect_timeout 5 s) → one gunicorn `-c "
        f"deploy/gunicorn.conf.py` (sync, WEB_CONCURRENCY={args.workers}, backlog 64), DEBUG=0, PostgreSQL "
        "on the same machine. Each client is a signed-in applicant on its own loopback address asking for "
        f"`{PAGE}` (My applications, not cached) in a closed loop on a keep-alive connection, pausing "
        f"{args.retry_pause:g} s after a 503; a request unanswered after {args.timeout:g} s is a timeout. "
        f"Each level: {args.warmup:g} s warm-up, then {args.seconds:g} s measured. The load generator (one "
        "asyncio process), nginx, gunicorn and PostgreSQL share the two cores.",
        "",
        "| path | clients | requests | 200/s | p50 200 (ms) | p99 200 (ms) | 503 share | p50 / p99 503 (ms) "
        "| 503 without Retry-After | timeouts | other |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        other = ", ".join(f"{k}: {v}" for k, v in sorted(r["other"].items())) or "0"
        busy = f"{r['busy_p50_ms']:.0f} / {r['busy_p99_ms']:.0f}" if r["busy"] else "–"
        lines.append(
            f"| {r['target']} | {r['clients']} | {r['requests']} | {r['throughput']:.1f} | "
            f"{r['p50_ms']:.0f} | {r['p99_ms']:.0f} | {r['busy_share']:.1%} | {busy} | "
            f"{r['busy_without_retry_after']} | {r['timeouts']} | {other} |"
        )
    lines.append("")
    lines.extend(extra["analysis"])
    return "\n".join(lines) + "\n"


def analysis(args, rows) -> list[str]:
    out = []
    for limit in args.limits:
        via = [r for r in rows if r["target"] == f"nginx, limit {limit}"]
        peak = max(via, key=lambda r: r["throughput"])
        past = [r for r in via if r["busy"]]
        timeouts = sum(r["timeouts"] for r in via)
        text = (
            f"limit {limit}: peak {peak['throughput']:.0f} pages/s (at {peak['clients']} clients); "
            f"{timeouts} timeout(s) over all levels"
        )
        if past:
            text += (
                f"; 503 with Retry-After from {past[0]['clients']} clients on ({past[-1]['busy_share']:.0%} "
                f"of the answers at {past[-1]['clients']}), p99 of a 503 at most "
                f"{max(r['busy_p99_ms'] for r in past):.0f} ms; served pages' p99 at most "
                f"{max(r['p99_ms'] for r in via):.0f} ms"
            )
        out.append(f"- {text}.")
    out.append(
        "- reading: a limit on requests in progress bounds the wait only through the service rate (Little's "
        "law: wait ≈ requests in progress ÷ pages a second), so a served page's p99 at saturation is about "
        "the limit divided by the throughput, whatever the limit. The file's 128 is more than one gunicorn "
        f"of WEB_CONCURRENCY={args.workers} holds (its workers plus a backlog of 64, about "
        f"{args.workers + 65}): the requests nginx admits beyond that wait in nginx's connect to gunicorn "
        "(the kernel drops their SYNs, retried after 1 s and 3 s, proxy_connect_timeout 5 s, then 503), "
        "which is where a run can see timeouts and seconds-long tails; a limit at or below the workers plus "
        "the backlog of every replica keeps each admitted request in gunicorn's queue and answers the rest "
        "at once."
    )
    direct = [r for r in rows if r["target"] == "gunicorn direct"]
    if direct:
        d = direct[0]
        out.append(
            f"- without nginx, {d['clients']} clients straight to gunicorn: {d['throughput']:.0f} pages/s, "
            f"p99 {d['p99_ms']:.0f} ms, {d['timeouts']} timeouts, other failures {sum(d['other'].values())}: "
            "nobody is told to come back; the excess waits in the kernel's queues (backlog 64, then SYN "
            "retries)."
        )
    return out


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="4,64,128,256,384", help="clients per level, rising")
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds per level")
    parser.add_argument(
        "--warmup", type=float, default=2, help="unmeasured seconds at the start of each level"
    )
    parser.add_argument("--timeout", type=float, default=10, help="client timeout, seconds")
    parser.add_argument(
        "--retry-pause", type=float, default=1.0, help="a client's pause after a 503, seconds"
    )
    add_workers_argument(parser)
    parser.add_argument(
        "--limit-conn",
        default="128",
        help="values of nginx's site-wide `limit_conn portal_site` to run side by side (file: 128)",
    )
    parser.add_argument(
        "--direct", action="store_true", help="also run the highest level straight to gunicorn"
    )
    parser.add_argument("--database", default="recruitment_bench_capacity")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database and files afterwards")
    args = parser.parse_args()
    if NGINX_BIN is None:
        raise SystemExit("nginx is not installed (apt-get install nginx, or bash scripts/system-deps.sh)")
    levels = [int(x) for x in args.levels.split(",")]
    args.limits = [int(x) for x in args.limit_conn.split(",")]

    load = load_average()
    work = Path(tempfile.mkdtemp(prefix="capacity-"))
    (work / "bench_apply_settings.py").write_text(SETTINGS_SHIM)
    (work / "bench_apply_urls.py").write_text(URLS_SHIM)
    env = server_env(args, work)
    # nginx stamps each request's arrival (X-Request-Start), trusted from loopback as from the compose
    # network.
    env["REQUEST_START_TRUSTED_PROXIES"] = "127.0.0.1/32"
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(work), str(ROOT)]
    gunicorn = None
    proxies = []
    rows = []
    upstream = free_port()
    try:
        print("database, static files, data…", flush=True)
        recreate_database(args.database)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        data = seed(Namespace(clients=max(levels), positions=1, upload_positions=0, serial_positions=0))
        sessions = [c["session"] for c in data["clients"]]
        gunicorn = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "-b",
                f"127.0.0.1:{upstream}",
                "recruitment.wsgi:application",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
            stderr=(work / "gunicorn.err").open("w"),
        )
        wait_for_server(upstream)
        ports = {}
        for limit in args.limits:
            ports[limit] = free_port()
            conf = nginx_conf(work, port=ports[limit], upstream=upstream, limit_conn=limit)
            proxies.append(start_nginx(conf.parent, conf, ports[limit]))
        nginx_version = (
            subprocess.run([NGINX_BIN, "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        )
        plan = [(f"nginx, limit {limit}", ports[limit], n) for n in levels for limit in args.limits]
        if args.direct:
            plan.append(("gunicorn direct", upstream, levels[-1]))
        for target, target_port, n in plan:
            print(f"{target}: {n} clients…", flush=True)
            window, seconds = asyncio.run(
                level(
                    n,
                    port=target_port,
                    sessions=sessions,
                    seconds=args.seconds,
                    timeout=args.timeout,
                    pause=args.retry_pause,
                    warmup=args.warmup,
                )
            )
            rows.append(summarise(n, window, seconds, target))
            print("  ", json.dumps(rows[-1]), flush=True)
            time.sleep(2)  # let the queues drain between levels
    finally:
        for process in (*proxies, gunicorn):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=40)
    try:
        command = "bench/capacity.py " + " ".join(sys.argv[1:])
        section = report(
            args,
            rows,
            {
                "load": load,
                "load_end": load_average(),
                "nginx": nginx_version,
                "analysis": analysis(args, rows),
                "command": command.strip(),
            },
        )
        print()
        print(section)
        if args.write_results:
            write_section("capacity", section)
            print("written to bench/RESULTS.md")
    finally:
        clean_up(args, work)


if __name__ == "__main__":
    main()
