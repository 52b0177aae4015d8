"""Offline checks of the monitoring and Kubernetes files, run by bin/check-compose (Debian's python3 and
python3-yaml). Prints what is wrong and exits 1; with --rules FILE it also writes every dashboard query as a
Prometheus recording rule, for `promtool check rules` to parse the PromQL.

  python3 bin/lib/check_deploy.py [--rules FILE]      (from the checkout's root)
"""
import json
import re
import sys
from pathlib import Path

import yaml

DASHBOARDS = Path("conf/grafana/dashboards")
DATASOURCES = Path("conf/grafana/provisioning/datasources")
METRICS = Path("conf/prometheus/metrics.txt")
KUBERNETES = Path("deploy/kubernetes")
COMPOSE_FLINK_CONF = Path("conf/flink/docker/config.yaml")
FLINK_POM = Path("tools/flink-cluster/pom.xml")

# Flink's reporter names every metric flink_<scope>_<name>; anything else in a query is PromQL or a label.
METRIC_NAME = re.compile(r"\bflink_[A-Za-z0-9_]+")
# Grafana's own variables, replaced by a duration before promtool parses the query.
GRAFANA_INTERVALS = re.compile(r"\$__(rate_)?interval|\$__range")
# Differs from the compose cluster on purpose: the operator supplies the Java 17 opens (env.java.default-opts.all).
DIFFERENT_BY_DESIGN = {"env.java.opts.all"}

errors = []


def error(message):
    errors.append(message)


def dashboard_queries():
    """Each dashboard's (file, panel title, expr) of every target."""
    for path in sorted(DASHBOARDS.glob("*.json")):
        try:
            dashboard = json.loads(path.read_text())
        except json.JSONDecodeError as e:
            error(f"{path}: not JSON: {e}")
            continue
        panels = dashboard.get("panels") or []
        if not panels:
            error(f"{path}: no panels")
        for panel in panels:
            targets = panel.get("targets") or []
            if not targets:
                error(f"{path}: panel '{panel.get('title')}' has no query")
            for target in targets:
                yield path, panel, target


def check_dashboards(rules_out):
    known = {line.strip() for line in METRICS.read_text().splitlines() if line.strip() and not line.startswith("#")}
    datasource_uids = {d.get("uid") for f in DATASOURCES.glob("*.yaml")
                       for d in (yaml.safe_load(f.read_text()) or {}).get("datasources", [])}
    rules = []
    for path, panel, target in dashboard_queries():
        title = panel.get("title")
        expr = target.get("expr", "")
        names = set(METRIC_NAME.findall(expr))
        if not names:
            error(f"{path}: panel '{title}' queries no Flink metric: {expr!r}")
        for name in sorted(names - known):
            error(f"{path}: panel '{title}' queries {name}, which is not in {METRICS} (what the scrape test found)")
        for source in (panel.get("datasource"), target.get("datasource")):
            if source is not None and source.get("uid") not in datasource_uids:
                error(f"{path}: panel '{title}' uses datasource {source}, not one of {sorted(datasource_uids)}")
        rules.append({"record": f"dashboard:query_{len(rules) + 1}", "expr": GRAFANA_INTERVALS.sub("1m", expr)})
    if rules_out:
        Path(rules_out).write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    return len(rules)


def get(document, dotted):
    node = document
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def flink_version_tag():
    """v2_2 for the Flink 2.2.x that the project builds against."""
    version = re.search(r"<flink.version>(\d+)\.(\d+)\.", FLINK_POM.read_text())
    return f"v{version.group(1)}_{version.group(2)}"


def check_flink_deployment(path, d):
    required = ["spec.image", "spec.flinkVersion", "spec.serviceAccount", "spec.flinkConfiguration",
                "spec.jobManager.resource.memory", "spec.taskManager.resource.memory", "spec.job.jarURI",
                "spec.job.args", "spec.job.parallelism", "spec.job.upgradeMode", "spec.job.state"]
    for field in required:
        if get(d, field) is None:
            error(f"{path}: FlinkDeployment lacks {field}")
    if d.get("apiVersion") != "flink.apache.org/v1beta1":
        error(f"{path}: FlinkDeployment apiVersion {d.get('apiVersion')}, expected flink.apache.org/v1beta1")
    if get(d, "spec.flinkVersion") != flink_version_tag():
        error(f"{path}: flinkVersion {get(d, 'spec.flinkVersion')}, but the project builds against "
              f"{flink_version_tag()} ({FLINK_POM})")
    if get(d, "spec.job.upgradeMode") != "savepoint":
        error(f"{path}: upgradeMode {get(d, 'spec.job.upgradeMode')}, expected savepoint")
    if get(d, "spec.mode") not in (None, "native"):
        error(f"{path}: mode {get(d, 'spec.mode')}: the example is an application deployment")

    jar = get(d, "spec.job.jarURI") or ""
    if not jar.startswith("local:///opt/flink/usrlib/"):
        error(f"{path}: jarURI {jar!r} is not under local:///opt/flink/usrlib/")
    dockerfile = (path.parent / "Dockerfile")
    image_files = dockerfile.read_text() if dockerfile.exists() else ""
    if jar.removeprefix("local://") not in image_files:
        error(f"{path}: the image ({dockerfile}) does not put the job jar at {jar.removeprefix('local://')}")

    args = [str(a) for a in get(d, "spec.job.args") or []]
    if not args or args[0] != "run":
        error(f"{path}: job.args must start with the run command, got {args}")
    if "--parallelism" in args:
        error(f"{path}: job.args sets --parallelism, which overrides job.parallelism (the operator's); drop it")
    if "--model" not in args or args.index("--model") + 1 >= len(args):
        error(f"{path}: job.args has no --model FILE")
    else:
        model = args[args.index("--model") + 1]
        copied = re.search(r"COPY\s+(?:--\S+\s+)*(\S+)/?\s+(/opt/flink/usrlib/models)/?\s*$", image_files, re.M)
        if not copied or not model.startswith(copied.group(2) + "/"):
            error(f"{path}: --model {model} is not among the model files the image copies to /opt/flink/usrlib/models")
        elif not (Path(copied.group(1)) / model.removeprefix(copied.group(2) + "/")).is_file():
            error(f"{path}: --model {model}: no such file in {copied.group(1)} of the checkout")

    conf = get(d, "spec.flinkConfiguration") or {}
    for key, value in conf.items():
        if not isinstance(value, str):
            error(f"{path}: flinkConfiguration {key}: {value!r} is not a string (older operators take strings only)")
    compose = yaml.safe_load(COMPOSE_FLINK_CONF.read_text())
    for key in ["state.backend.type", "execution.checkpointing.incremental", "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir", "metrics.reporter.prom.factory.class",
                "metrics.reporter.prom.port"]:
        if key not in conf:
            error(f"{path}: flinkConfiguration lacks {key}")
    for key in sorted(set(conf) & set(compose) - DIFFERENT_BY_DESIGN):
        if str(conf[key]).lower() != str(compose[key]).lower():
            error(f"{path}: flinkConfiguration {key}: {conf[key]!r}, but {COMPOSE_FLINK_CONF} has {compose[key]!r}")

    ports = [p for c in get(d, "spec.podTemplate.spec.containers") or [] for p in c.get("ports", [])]
    metrics_ports = [p.get("containerPort") for p in ports if p.get("name") == "metrics"]
    if [str(p) for p in metrics_ports] != [str(conf.get("metrics.reporter.prom.port"))]:
        error(f"{path}: the pod template's 'metrics' port {metrics_ports} is not the reporter's port "
              f"{conf.get('metrics.reporter.prom.port')}")


def check_kubernetes():
    deployments = 0
    for path in sorted(KUBERNETES.glob("*.yaml")):
        try:
            documents = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
        except yaml.YAMLError as e:
            error(f"{path}: not YAML: {e}")
            continue
        for d in documents:
            for field in ["apiVersion", "kind", "metadata.name"]:
                if get(d, field) is None:
                    error(f"{path}: a document lacks {field}")
            if d.get("kind") == "FlinkDeployment":
                deployments += 1
                check_flink_deployment(path, d)
    if deployments == 0:
        error(f"{KUBERNETES}: no FlinkDeployment")
    return deployments


def main():
    rules_out = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--rules" else None
    queries = check_dashboards(rules_out)
    deployments = check_kubernetes()
    for message in errors:
        print(f"check-compose: {message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"dashboards: {queries} queries, each of known metrics; {KUBERNETES}: {deployments} FlinkDeployment valid")


if __name__ == "__main__":
    main()
