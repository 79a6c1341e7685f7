#!/usr/bin/env python3
"""Generates the workflow-engine benchmark scenarios.

For each scenario it creates OUT/<scenario>/, a git repository (one commit, a fake `origin` remote) holding:
  .github/workflows/bench.yml  the GitHub Actions workflow that `slipway run` executes
  .gitlab-ci.yml               the equivalent GitLab CI pipeline for gitlab-ci-local (shell executor, no image)
  bench.sh                     the plain-bash floor: the same commands, no engine
  meta.json                    scenario facts (jobs, steps) that run.sh uses to check that every job ran

The floor runs every step in its own `bash --noprofile --norc -eo pipefail -c CMD`, because that is what a
GitHub step is: one shell process per step. Jobs run one after another in `needs` order.
GitLab runs all script lines of a job in one shell (GitLab's semantics), so its equivalent of N steps is one
job with N script lines.

Usage: generate.py [OUT_DIR] [SCENARIO...]   (OUT_DIR defaults to a new temp directory; prints OUT_DIR)
"""
import json
import os
import subprocess
import sys
import tempfile

JOBS_SMALL, JOBS_LARGE = 1, 51  # per-job cost = (t(jobs51) - t(jobs1)) / 50
MATRIX_SIDE = 16


def q(s):
    """YAML/shell single-quoted scalar."""
    return "'" + s.replace("'", "''") + "'"


def sh_q(s):
    return "'" + s.replace("'", "'\\''") + "'"


class Job:
    def __init__(self, key, steps, needs=(), matrix=None):
        self.key, self.steps, self.needs, self.matrix = key, list(steps), list(needs), matrix


def github_yaml(name, jobs):
    out = [f"name: {name}", "on: push", "jobs:"]
    for j in jobs:
        out.append(f"  {j.key}:")
        out.append("    runs-on: ubuntu-latest")
        if j.needs:
            out.append(f"    needs: [{', '.join(j.needs)}]")
        if j.matrix:
            out.append("    strategy:")
            out.append("      matrix:")
            for axis, values in j.matrix.items():
                out.append(f"        {axis}: [{', '.join(str(v) for v in values)}]")
        out.append("    steps:")
        for cmd in j.steps:
            out.append(f"      - run: {q(cmd)}")
    return "\n".join(out) + "\n"


def gitlab_yaml(jobs):
    out = ["stages: [test]", ""]
    for j in jobs:
        out.append(f"{j.key}:")
        out.append("  stage: test")
        # needs: [] lets root jobs start at once, like jobs without needs on GitHub
        out.append(f"  needs: [{', '.join(j.needs)}]")
        if j.matrix:
            out.append("  parallel:")
            out.append("    matrix:")
            first = True
            for axis, values in j.matrix.items():
                lead = "      - " if first else "        "
                out.append(f"{lead}{axis.upper()}: [{', '.join(str(v) for v in values)}]")
                first = False
        out.append("  script:")
        for cmd in j.steps:
            if j.matrix:
                for axis in j.matrix:
                    cmd = cmd.replace("${{ matrix.%s }}" % axis, "$" + axis.upper())
            out.append(f"    - {q(cmd)}")
        out.append("")
    return "\n".join(out)


def bash_floor(jobs):
    out = ["#!/usr/bin/env bash",
           "# Plain-bash floor: the same commands, one shell per step, jobs in needs order.",
           "set -e",
           "s() { bash --noprofile --norc -eo pipefail -c \"$1\"; }"]
    for j in jobs:
        combos = [{}]
        if j.matrix:
            for axis, values in j.matrix.items():
                combos = [dict(c, **{axis: v}) for c in combos for v in values]
        for c in combos:
            for cmd in j.steps:
                for axis, v in c.items():
                    cmd = cmd.replace("${{ matrix.%s }}" % axis, str(v))
                out.append(f"s {sh_q(cmd)}")
    return "\n".join(out) + "\n"


def scenario(name):
    if name == "one":
        return [Job("build", ["echo hello"])]
    if name == "steps200":
        return [Job("build", ["true" if i % 2 else f"echo {i}" for i in range(1, 201)])]
    if name.startswith("jobs") and name[4:].isdigit():
        return [Job(f"j{i:02d}", ["true"]) for i in range(1, int(name[4:]) + 1)]
    if name == "dag50":
        # j01..j10: a chain. j11..j49: fan-out from j10; job i (i >= 21) also needs j(i-10), which makes
        # four-deep sub-chains (j11 -> j21 -> j31 -> j41). j50: fan-in of j11..j49. Critical path: 15 jobs.
        jobs = [Job("j01", ["true"])]
        for i in range(2, 11):
            jobs.append(Job(f"j{i:02d}", ["true"], [f"j{i - 1:02d}"]))
        for i in range(11, 50):
            needs = ["j10"] + ([f"j{i - 10:02d}"] if i >= 21 else [])
            jobs.append(Job(f"j{i:02d}", ["true"], needs))
        jobs.append(Job("j50", ["true"], [f"j{i:02d}" for i in range(11, 50)]))
        return jobs
    if name == "matrix256":
        side = list(range(1, MATRIX_SIDE + 1))
        return [Job("build", ["echo ${{ matrix.a }}-${{ matrix.b }}"], matrix={"a": side, "b": side})]
    raise SystemExit(f"unknown scenario: {name}")


ALL = ["one", "steps200", f"jobs{JOBS_SMALL}", f"jobs{JOBS_LARGE}", "dag50", "matrix256"]


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Slipway Bench", GIT_AUTHOR_EMAIL="bench@slipway.invalid",
               GIT_COMMITTER_NAME="Slipway Bench", GIT_COMMITTER_EMAIL="bench@slipway.invalid")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def main():
    args = sys.argv[1:]
    out = args.pop(0) if args else tempfile.mkdtemp(prefix="slipway-bench-")
    names = args or ALL
    for name in names:
        jobs = scenario(name)
        d = os.path.join(out, name)
        os.makedirs(os.path.join(d, ".github", "workflows"), exist_ok=True)
        with open(os.path.join(d, ".github", "workflows", "bench.yml"), "w") as f:
            f.write(github_yaml(f"bench-{name}", jobs))
        with open(os.path.join(d, ".gitlab-ci.yml"), "w") as f:
            f.write(gitlab_yaml(jobs))
        with open(os.path.join(d, "bench.sh"), "w") as f:
            f.write(bash_floor(jobs))
        os.chmod(os.path.join(d, "bench.sh"), 0o755)
        runs = sum((len(j.matrix["a"]) * len(j.matrix["b"])) if j.matrix else 1 for j in jobs)
        meta = {"scenario": name, "jobs": runs, "steps": sum(len(j.steps) * ((len(j.matrix["a"]) * len(j.matrix["b"])) if j.matrix else 1) for j in jobs)}
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f)
        with open(os.path.join(d, ".gitignore"), "w") as f:
            f.write(".gitlab-ci-local/\n")
        if not os.path.isdir(os.path.join(d, ".git")):
            git(d, "init", "-q", "-b", "main")
            git(d, "add", "-A")
            git(d, "commit", "-q", "-m", f"bench scenario {name}")
            # A remote with a default branch, so gitlab-ci-local need not fall back (and log) on every run.
            git(d, "remote", "add", "origin", f"https://gitlab.example.invalid/bench/{name}.git")
            git(d, "update-ref", "refs/remotes/origin/main", "HEAD")
            git(d, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    print(out)


if __name__ == "__main__":
    main()
