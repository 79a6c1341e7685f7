#!/usr/bin/env python3
"""Turns the results of bench/workflow/run.sh into the "Workflow engine" section of docs/benchmarks.md.

Usage: report.py RESULTS_DIR [BENCHMARKS_MD]
Replaces the section from its "## Workflow engine" heading up to the next "## " heading; other sections stay as
they are. Creates the file with a short header when it does not exist. Prints the section to stdout as well.
"""
import glob
import json
import os
import re
import statistics
import sys

SECTION = "## Workflow engine"
HEADER = """# Benchmarks

Every number in this file comes from the command shown in its section, run on the machine described there.
Sections are rewritten by their scripts; do not edit the numbers by hand, rerun the command instead.
"""
TOOLS = [("bash", "bash (floor)"), ("slipway", "slipway run"), ("slipway-noaot", "slipway run, AOT cache off"),
         ("gitlab-ci-local", "gitlab-ci-local")]
SCENARIOS = [
    ("one", "1 job, 1 step (cold start)"),
    ("steps200", "1 job, 200 steps"),
    ("jobs1", "1 job, 1 step"),
    ("jobs51", "51 independent jobs, 1 step each"),
    ("dag50", "50 jobs, `needs` DAG (chain + fan-out + fan-in)"),
    ("matrix256", "16×16 matrix, 1 step"),
]
JOBS_SMALL, JOBS_LARGE = "jobs1", "jobs51"


def load(results):
    machine = {}
    path = os.path.join(results, "machine.txt")
    if os.path.exists(path):
        for line in open(path):
            k, _, v = line.rstrip("\n").partition("=")
            machine[k] = v
    timing, failed, rss, steal = {}, {}, {}, {}
    for f in glob.glob(os.path.join(results, "*.json")):
        name = os.path.basename(f)
        if name.endswith(".meta.json"):
            continue
        data = json.load(open(f))
        if name.endswith(".failed.json"):
            failed[(data["scenario"], data["tool"])] = data
        elif name.endswith(".cpu.json"):
            steal[(data["scenario"], data["tool"])] = float(data["steal_pct"])
        elif name.endswith(".rss.json"):
            rss[data["tool"]] = [int(k) for k in data["max_rss_kb"] if k]
        else:
            scenario, tool = name[:-len(".json")].split(".", 1)
            r = data["results"][0]
            timing[(scenario, tool)] = {"median": r["median"], "min": r["min"], "max": r["max"],
                                        "runs": len(r["times"])}
    return machine, timing, failed, rss, steal


def cpu_sentence(machine, steal):
    """What /proc/stat said about the CPUs: idle before measuring, time taken by the hypervisor while measuring
    (``steal``: per (scenario, tool), the share during that command's timed runs)."""
    parts = []
    if machine.get("idle_start"):
        parts.append(f"CPUs idle in the 2 s before measuring: {machine['idle_start']} %.")
    if machine.get("steal_pct"):
        worst = max(steal.items(), key=lambda kv: kv[1]) if steal else None
        text = (f"Share of the busy CPU time the hypervisor took for other guests (steal, /proc/stat) while the "
                f"benchmark ran: {machine['steal_pct']} %")
        if worst:
            (s, t), v = worst
            text += f"; at most {v:.1f} % during one command's runs ({t}, `{s}`)"
        parts.append(text + ".")
    return " ".join(parts)


def noisy_reasons(machine):
    """Why the run's absolute times may be inflated; empty when nothing says so."""
    reasons = []
    try:
        if machine.get("idle_start") and float(machine["idle_start"]) < 90:
            reasons.append(f"the CPUs were only {machine['idle_start']} % idle before measuring")
        if machine.get("steal_pct") and float(machine["steal_pct"]) >= 5:
            reasons.append(f"the hypervisor took {machine['steal_pct']} % of the busy CPU time for other guests")
        if not machine.get("idle_start") and float(machine.get("load_start", "0").split()[0]) > int(machine.get("nproc", "0")):
            reasons.append("the 1-minute load average exceeded the core count at the start")
    except ValueError:
        pass
    return reasons


def fmt_s(x):
    return f"{x:.3f}"


def cell(timing, failed, s, t):
    if (s, t) in timing:
        r = timing[(s, t)]
        return f"**{fmt_s(r['median'])}** ({fmt_s(r['min'])}–{fmt_s(r['max'])}, n={r['runs']})"
    if (s, t) in failed:
        f = failed[(s, t)]
        return f"failed (exit {f['exit_code']})"
    return "—"


def med(timing, s, t):
    r = timing.get((s, t))
    return r["median"] if r else None


def render(machine, timing, failed, rss, steal):
    tools = [(t, label) for t, label in TOOLS if t in machine.get("tools", " ".join(x for x, _ in TOOLS)).split()]
    scenarios = [(s, d) for s, d in SCENARIOS if s in machine.get("scenarios", " ".join(x for x, _ in SCENARIOS)).split()]
    runs = machine.get("runs", "?")
    env = []
    if machine.get("runs") and machine["runs"] != "5":
        env.append(f"RUNS={machine['runs']}")
    out = [SECTION, ""]
    out.append(f"Command: `{' '.join(env + ['bench/workflow/run.sh'])}` (from the repository root; takes about "
               f"{int(machine.get('elapsed_s', '0')) // 60 + 1} min). It generates the scenarios "
               "(`bench/workflow/generate.py`: for each one a git repository with `.github/workflows/bench.yml`, the "
               "equivalent `.gitlab-ci.yml` and the plain-bash `bench.sh`), times each command with "
               f"`hyperfine --warmup 1 --runs {runs}` inside that repository, and writes this section with "
               "`bench/workflow/report.py`. Raw hyperfine JSON and logs: `bench/.results/workflow/` (not committed).")
    out.append("")
    out.append(f"Machine: {machine.get('nproc', '?')} cores, {machine.get('cpu', '?')}; memory {machine.get('mem', '?')}; "
               f"{machine.get('kernel', '?')}. Date: {machine.get('date', '?')}. JDK: {machine.get('jdk', '?')}. "
               f"{machine.get('hyperfine', '')}; {machine.get('bash', '')}; gitlab-ci-local "
               f"{machine.get('gitlab_ci_local', '?')} on Node {machine.get('node', '?')}. "
               f"Slipway command: `{machine.get('slipway', '?')}` (`SLIPWAY_NO_AOT=1` for the AOT-cache-off column). "
               f"Load average (1, 5, 15 min) at start: {machine.get('load_start', '?')}; at end: "
               f"{machine.get('load_end', '?')} (gitlab-ci-local's `matrix256` leaves it high after every run). "
               f"{cpu_sentence(machine, steal)}".rstrip())
    if machine.get("slipway_snapshot"):
        out.append("")
        out.append(f"Timed slipway build: a frozen copy of the unchanged launcher and of `cli/target/slipway.jar` "
                   f"(built {machine.get('slipway_jar_built', '?')}, sha256 {machine.get('slipway_jar_sha256', '?')}…, "
                   f"on top of commit {machine.get('git_head', '?')}), made after one untimed preparation run, so that "
                   "source edits elsewhere cannot make the launcher rebuild during a timed run. The launcher's own "
                   "start-up work (JDK lookup, staleness check, JVM flags, AOT cache) is part of every number.")
    out.append("")
    reasons = noisy_reasons(machine)
    if reasons:
        out.append(f"> **Possibly noisy run:** {'; '.join(reasons)}, so absolute times may be inflated and spreads "
                   "wide. Rerun on an idle machine before drawing conclusions; ratios between columns are more robust "
                   "than absolute times.")
        out.append("")
    out.append(f"### Wall time, seconds: **median** (min–max, runs)")
    out.append("")
    out.append("| Scenario | " + " | ".join(label for _, label in tools) + " |")
    out.append("|---|" + "---|" * len(tools))
    for s, desc in scenarios:
        out.append(f"| `{s}`: {desc} | " + " | ".join(cell(timing, failed, s, t) for t, _ in tools) + " |")
    out.append("")

    # ---- derived figures
    out.append("### Derived figures")
    out.append("")

    def ms(x):
        return "n/a" if x is None else f"{x * 1000:.2f} ms"

    def per_step(t):
        a, b = med(timing, "steps200", t), med(timing, "steps200", "bash")
        return None if a is None or b is None else (a - b) / 200

    def marginal_step(t):
        v = [med(timing, s, x) for s, x in (("steps200", t), ("one", t), ("steps200", "bash"), ("one", "bash"))]
        return None if None in v else ((v[0] - v[1]) - (v[2] - v[3])) / 199

    def per_job(t):
        a, b = med(timing, JOBS_LARGE, t), med(timing, JOBS_SMALL, t)
        n = int(JOBS_LARGE[4:]) - int(JOBS_SMALL[4:])
        return None if a is None or b is None else (a - b) / n

    rows = []
    for t, label in tools:
        if t == "bash":
            continue
        rows.append(f"| {label} | {ms(per_step(t))} | {ms(marginal_step(t))} | {ms(per_job(t))} |")
    out.append("| Command | per-step overhead above the floor | marginal per-step cost above the floor | per added job |")
    out.append("|---|---|---|---|")
    out.append(f"| bash (floor) | 0 (by definition) | 0 (by definition) | {ms(per_job('bash'))} |")
    out.extend(rows)
    out.append("")
    out.append("- *per-step overhead above the floor* = (`steps200` − bash `steps200`) / 200: the issue's definition; "
               "it spreads the fixed start-up cost over the 200 steps.")
    out.append("- *marginal per-step cost above the floor* = ((`steps200` − `one`) − (bash `steps200` − bash `one`)) / "
               "199: the start-up cost taken out. gitlab-ci-local runs a job's script lines in one shell, so its figure can "
               "be below the floor's (negative).")
    out.append(f"- *per added job* = (`{JOBS_LARGE}` − `{JOBS_SMALL}`) / {int(JOBS_LARGE[4:]) - int(JOBS_SMALL[4:])}; "
               "each added job includes its one `true` step (the floor column is that step's own cost).")
    sj, gj = per_job("slipway"), per_job("gitlab-ci-local")
    ratio = gj / sj if sj and gj and sj > 0 else None
    out.append(f"- gitlab-ci-local per added job ÷ slipway per added job: "
               f"{'n/a' if ratio is None else f'{ratio:.1f}×'}.")
    fast = [timing.get((s, t)) for s, t in ((JOBS_LARGE, "slipway"), (JOBS_SMALL, "slipway"))]
    sj_fast = None
    if None not in fast:
        n = int(JOBS_LARGE[4:]) - int(JOBS_SMALL[4:])
        sj_fast = (fast[0]['min'] - fast[1]['min']) / n
        # The difference of two medians moves with the machine's speed between the two commands; the fastest run of
        # each is the one least slowed down, so their difference is a check on it.
        out.append(f"- slipway per added job from the fastest run of each, (min `{JOBS_LARGE}` − min `{JOBS_SMALL}`) / "
                   f"{n}: {ms((fast[0]['min'] - fast[1]['min']) / n)}; when it is far from the median figure, the "
                   "machine's speed changed during the runs and neither figure is reliable.")
    bj = per_job("bash")
    if sj is not None and bj is not None:
        out.append(f"- slipway per added job − the floor's per added job (plain `bash` running the same `true` step, "
                   f"one job after another): {ms(sj - bj)}.")
    cores = int(machine.get("nproc", "0") or 0)
    if gj is not None and bj is not None and cores > 0:
        # The cheapest an engine could be: no cost of its own, and the jobs' bash steps spread over every core.
        out.append(f"- What 10× less than gitlab-ci-local asks on this machine: {ms(gj / 10)} per added job. An engine "
                   f"with no cost of its own that ran the jobs' `bash` steps on all {cores} cores at once would still "
                   f"take the floor's per added job ÷ {cores} = {ms(bj / cores)}.")

    def per_dag_job(t):
        a, b = med(timing, "dag50", t), med(timing, JOBS_SMALL, t)
        return None if a is None or b is None else (a - b) / 49

    sd, gd = per_dag_job("slipway"), per_dag_job("gitlab-ci-local")
    if sd is not None and gd is not None and sd > 0:
        out.append(f"- Per added job in the `needs` DAG, (`dag50` − `{JOBS_SMALL}`) / 49 (15 of its jobs run one after "
                   f"another): slipway {ms(sd)}, gitlab-ci-local {ms(gd)}, {gd / sd:.1f}×.")
    for t, label in tools:
        if t in rss and rss[t]:
            out.append(f"- Peak RSS of {label} on `matrix256` (`/usr/bin/time -v`, max of {len(rss[t])} run{'s' if len(rss[t]) != 1 else ''}; the "
                       f"largest single process of the tree): {max(rss[t]) / 1024:.0f} MB.")
    out.append("")

    # ---- targets
    def status(value, limit):
        if value is None:
            return "not measured (slipway failed or missing)"
        return "met" if value <= limit else "**not met**"

    rss_mb = max(rss["slipway"]) / 1024 if rss.get("slipway") else None
    dag, mat, one = med(timing, "dag50", "slipway"), med(timing, "matrix256", "slipway"), med(timing, "one", "slipway")
    one_noaot = med(timing, "one", "slipway-noaot")
    targets = [
        ("Per-step overhead above the floor", "≤ 3 ms", ms(per_step("slipway")), status(per_step("slipway"), 0.003)),
        ("Per added job", "≤ 1.5 ms", ms(sj), status(sj, 0.0015) + (
            f" (unreliable: the fastest runs give {ms(sj_fast)})"
            if sj is not None and sj_fast is not None and abs(sj - sj_fast) > 0.00025 else "")),
        ("Per added job vs gitlab-ci-local", "≥ 10× less", "n/a" if ratio is None else f"{ratio:.1f}×",
         "not measured (slipway failed or missing)" if ratio is None else ("met" if ratio >= 10 else "**not met**")),
        ("`dag50` end to end", "≤ 0.5 s", "n/a" if dag is None else f"{dag:.3f} s", status(dag, 0.5)),
        ("`matrix256` end to end", "≤ 1.5 s", "n/a" if mat is None else f"{mat:.3f} s", status(mat, 1.5)),
        ("Cold start (`one`), AOT cache on", "≤ 0.5 s", "n/a" if one is None else f"{one:.3f} s", status(one, 0.5)),
        ("Cold start (`one`), AOT cache off", "(reported only)", "n/a" if one_noaot is None else f"{one_noaot:.3f} s",
         "—"),
        ("Peak RSS of `matrix256`", "≤ 300 MB", "n/a" if rss_mb is None else f"{rss_mb:.0f} MB", status(rss_mb, 300)),
    ]
    out.append("### Targets (slipway run, AOT cache on)")
    out.append("")
    out.append("| Target | Limit | Measured | Status |")
    out.append("|---|---|---|---|")
    for row in targets:
        out.append("| " + " | ".join(row) + " |")
    out.append("")

    out.append("### How to read this")
    out.append("")
    out.append("- The floor (`bench.sh`) runs the same commands with no engine: every step in its own "
               "`bash --noprofile --norc -eo pipefail -c CMD` (a GitHub step is one shell process), jobs one after "
               "another in `needs` order, matrix combinations one after another.")
    out.append("- gitlab-ci-local runs `--cwd . --no-color --force-shell-executor --shell-executor-no-image` with an "
               "empty `--home`: shell executor only, no image is pulled. It keeps its defaults otherwise (JSON schema "
               "validation on, no concurrency limit). GitLab runs all script lines of a job in one shell, so "
               "`steps200` is one job of 200 script lines there. Before timing, run.sh checks in one kept run that "
               "gitlab-ci-local reported `PASS` for every job of the scenario.")
    out.append("- Every command runs once with its output kept (logs in the results directory) before hyperfine; a "
               "command that fails there or during the timed runs is recorded as *failed* and the rest goes on.")
    out.append("- Commands are measured tool by tool (every scenario of one tool, then the next tool). On this "
               "machine's ext4 without a journal, creating a file skips inodes deleted in the last minute or more, "
               "so measuring scenario by scenario made each tool pay for the files the previous tool had just "
               "deleted (gitlab-ci-local deletes thousands per run of `jobs51`).")
    if failed:
        groups = {}
        for (s, t), f in sorted(failed.items()):
            groups.setdefault((t, f["exit_code"], f["reason"]), []).append(s)
        parts = []
        for (t, code, reason), names in groups.items():
            where = "every scenario" if len(names) == len(scenarios) else ", ".join(f"`{n}`" for n in names)
            parts.append(f"{t} on {where} (exit {code}: {reason})")
        out.append("- Failed in this run: " + "; ".join(parts) + ".")
    out.append("")
    return "\n".join(out)


def write(md_path, section):
    text = open(md_path).read() if os.path.exists(md_path) else HEADER
    pattern = re.compile(r"^## Workflow engine[ \t]*\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    text = text.rstrip("\n") + "\n"
    with open(md_path, "w") as f:
        f.write(text)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    section = render(*load(sys.argv[1]))
    print(section)
    if len(sys.argv) > 2:
        write(sys.argv[2], section)


if __name__ == "__main__":
    main()
