#!/usr/bin/env bash
# Runs each example's sides as "containers" without a container engine, and checks what they did.
#
#   examples/run-containers.sh [sensors] [frames]      (after ./mvnw package; as root)
#
# For each example, the image's file system is built from its Dockerfile: the final stage's COPY --from=build puts
# the jar the Maven build produced (the build stage's WORKDIR is this repository) where the image has it, on top of
# a base layer that stands in for the JRE image (this machine's /usr and /etc, read-only, and its JDK at
# /opt/java/openjdk, where the eclipse-temurin images keep theirs). Each side then runs with the Dockerfile's ENV,
# WORKDIR, USER, ENTRYPOINT and CMD, in its own mount, pid, ipc, net and uts namespaces (unshare), chrooted into
# that file system, as process 1 of its pid namespace, with a private /tmp, /dev and /dev/shm. The sides share
# exactly one thing, as the example's docker-compose.yml has them do: a tmpfs mounted as the channel directory
# (sensors: the "channels" volume, with the compose file's tmpfs options) or as /dev/shm (frames: ipc shareable,
# sized by the compose file's shm_size). One side runs as the image's user (10001:10001), the others as 10002 in
# group 10001, relying on SHIMMY_MODE=0660.
#
# Exit status: 0 if every example passed, 1 if one failed, 77 if this machine cannot run it (not root, unshare not
# permitted), with the reason printed. Every namespace, mount and process it made is gone when it exits, also on
# failure or interruption: the whole run is process 1 of a pid namespace with a private mount namespace, so the
# kernel ends every process and mount with it; the work directory is a tmpfs in that namespace.
set -euo pipefail

readonly SKIP=77
readonly TIMEOUT_S=90
here="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
readonly here
root="$(cd -- "$here/.." && pwd -P)"
readonly root

examples=()
for arg in "$@"; do
    case "$arg" in
        sensors | frames) examples+=("$arg") ;;
        *) echo "run-containers: unknown argument '$arg'; use [sensors] [frames]" >&2; exit 2 ;;
    esac
done
if [[ ${#examples[@]} -eq 0 ]]; then
    examples=(sensors frames)
fi

skip() {
    echo "run-containers: SKIPPED: $*"
    exit "$SKIP"
}

fail() {
    echo "run-containers: FAIL: $*" >&2
    exit 1
}

# --- Preconditions, then a private mount namespace for the whole run --------------------------------------------

if [[ -z "${SHIMMY_RUN_CONTAINERS_NS:-}" ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
        skip "needs root to create namespaces, mount tmpfs and switch users (running as uid $(id -u))"
    fi
    for tool in unshare setpriv chroot java sha256sum; do
        command -v "$tool" >/dev/null 2>&1 || skip "'$tool' is not installed"
    done
    if ! probe="$(unshare --mount --pid --ipc --net --uts --fork --mount-proc true 2>&1)"; then
        skip "unshare --mount --pid --ipc --net --uts is not permitted here: ${probe:-no reason given}"
    fi
    export SHIMMY_RUN_CONTAINERS_NS=1
    # This script becomes process 1 of a pid namespace with a mount namespace of its own: when it ends, however it
    # ends (even by SIGKILL of the unshare process that started it), the kernel kills every process it started and
    # every mount it made goes with the namespace.
    exec unshare --mount --pid --fork --kill-child --mount-proc --propagation private -- "$0" "$@"
fi

java_home="$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v java)")")")"
readonly java_home
work="$(mktemp -d /tmp/shimmy-containers.XXXXXX)"
readonly work
mount -t tmpfs -o size=512m,mode=0755 tmpfs "$work"

declare -A container_pid=()     # name -> host pid of its unshare process
declare -A container_status=()  # name -> exit status, once it has ended

kill_containers() {
    local name
    for name in "${!container_pid[@]}"; do
        kill -KILL "${container_pid[$name]}" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}

cleanup() {
    kill_containers
    umount -l "$work" 2>/dev/null || true
    rmdir "$work" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Reading a Dockerfile ----------------------------------------------------------------------------------------

# Sets, from examples/$1/Dockerfile: build_workdir, copy_src, copy_dst, image_workdir, image_user, final_from,
# image_env (array of K=V), entrypoint and cmd (arrays). Only what these Dockerfiles use is understood; anything else
# in the final stage is an error, so that the test cannot silently ignore an instruction.
parse_json_array() {
    local text="$1" out_name="$2"
    local -n out="$out_name"
    out=()
    [[ "$text" =~ ^\[(.*)\][[:space:]]*$ ]] || fail "$dockerfile: '$text' is not the exec (JSON array) form"
    text="${BASH_REMATCH[1]}"
    while [[ "$text" =~ ^[[:space:]]*\"([^\"\\]*)\"[[:space:]]*(,(.*))?$ ]]; do
        out+=("${BASH_REMATCH[1]}")
        text="${BASH_REMATCH[3]}"
    done
    [[ -z "${text//[[:space:]]/}" ]] || fail "$dockerfile: cannot read the JSON array near '$text'"
}

parse_dockerfile() {
    dockerfile="$here/$1/Dockerfile"
    [[ -f "$dockerfile" ]] || fail "$dockerfile does not exist"
    local stage=-1 line instruction rest joined="" build_copies_context=false
    build_workdir="" copy_src="" copy_dst="" image_workdir="/" image_user="" final_from=""
    image_env=() entrypoint=() cmd=()
    local stages=0
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ "$line" =~ ^[[:space:]]*# ]] && continue
        if [[ "$line" == *\\ ]]; then
            joined+="${line%\\} "
            continue
        fi
        line="$joined$line"
        joined=""
        [[ -z "${line//[[:space:]]/}" ]] && continue
        instruction="${line%%[[:space:]]*}"
        rest="${line#"$instruction"}"
        rest="${rest#"${rest%%[![:space:]]*}"}"
        case "${instruction^^}" in
            FROM)
                stage=$((stage + 1))
                stages=$((stages + 1))
                final_from="${rest%% *}"
                ;;
            WORKDIR)
                if [[ $stage -eq 0 ]]; then build_workdir="$rest"; else image_workdir="$rest"; fi
                ;;
            COPY)
                if [[ $stage -eq 0 ]]; then
                    [[ "$rest" == ". ." ]] && build_copies_context=true
                else
                    local -a words
                    read -r -a words <<<"$rest"
                    [[ ${#words[@]} -eq 3 && "${words[0]}" == --from=build ]] ||
                        fail "$dockerfile: final stage COPY must be 'COPY --from=build SRC DST', not '$rest'"
                    copy_src="${words[1]}"
                    copy_dst="${words[2]}"
                fi
                ;;
            ENV)
                if [[ $stage -gt 0 ]]; then
                    local -a pairs
                    read -r -a pairs <<<"$rest"
                    local pair
                    for pair in "${pairs[@]}"; do
                        [[ "$pair" == *=* ]] || fail "$dockerfile: ENV must be written KEY=VALUE, not '$pair'"
                        image_env+=("$pair")
                    done
                fi
                ;;
            USER) [[ $stage -gt 0 ]] && image_user="$rest" ;;
            ENTRYPOINT) [[ $stage -gt 0 ]] && parse_json_array "$rest" entrypoint ;;
            CMD) [[ $stage -gt 0 ]] && parse_json_array "$rest" cmd ;;
            RUN)
                if [[ $stage -eq 0 && "$rest" != *"-pl examples/$1 "* ]]; then
                    fail "$dockerfile: the build stage's RUN does not build examples/$1 ('$rest')"
                fi
                ;;
            *) fail "$dockerfile: instruction $instruction is not understood by this test: teach it" ;;
        esac
    done <"$dockerfile"
    [[ $stages -ge 2 ]] || fail "$dockerfile: not a multi-stage build"
    [[ "$final_from" == *-jre* ]] || fail "$dockerfile: the final stage is not a JRE image ($final_from)"
    [[ "$build_copies_context" == true && -n "$build_workdir" ]] ||
        fail "$dockerfile: the build stage must COPY . . into a WORKDIR"
    [[ "$image_user" =~ ^([0-9]+):([0-9]+)$ && "${BASH_REMATCH[1]}" -ne 0 ]] ||
        fail "$dockerfile: USER must be a numeric non-root uid:gid, not '$image_user'"
    [[ ${#entrypoint[@]} -gt 0 ]] || fail "$dockerfile: no ENTRYPOINT"
    [[ "$copy_src" == "$build_workdir"/* ]] || fail "$dockerfile: COPY source $copy_src is not in $build_workdir"
    local arg
    for arg in "${entrypoint[@]}" "${cmd[@]}" "${image_env[@]}"; do
        [[ "$arg" != -XX* && "$arg" != --add-* && "$arg" != JAVA_TOOL_OPTIONS=* ]] ||
            fail "$dockerfile: JVM flags in the image ('$arg'): Shimmy needs none"
    done
}

# --- Building an image's file system -----------------------------------------------------------------------------

# Creates $work/$1/rootfs: the jar where the Dockerfile copies it, mount points for the base layer, and an /etc/passwd
# and /etc/group that know the users the example runs as.
build_rootfs() {
    local example="$1" rootfs="$work/$1/rootfs"
    local jar="$root/${copy_src#"$build_workdir"/}"
    [[ -f "$jar" ]] || fail "$jar does not exist: build it first (./mvnw -B -ntp -DskipTests package)"
    mkdir -p "$rootfs"/{usr,etc,proc,dev,tmp,opt/java/openjdk} "$rootfs$(dirname -- "$copy_dst")"
    cp -- "$jar" "$rootfs$copy_dst"
    local dir
    for dir in bin sbin lib lib32 lib64 libx32; do
        if [[ -L "/$dir" ]]; then
            ln -s "$(readlink "/$dir")" "$rootfs/$dir"
        elif [[ -d "/$dir" ]]; then
            mkdir -p "$rootfs/$dir"
        fi
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nshimmy:x:10001:10001::/nonexistent:/usr/sbin/nologin\n' \
        >"$work/$example/passwd"
    printf 'shimmy2:x:10002:10001::/nonexistent:/usr/sbin/nologin\n' >>"$work/$example/passwd"
    printf 'shimmy3:x:10003:10001::/nonexistent:/usr/sbin/nologin\n' >>"$work/$example/passwd"
    printf 'root:x:0:\nshimmy:x:10001:\n' >"$work/$example/group"
}

# Runs inside the new namespaces, as their process 1, before it becomes the container's command: mounts the base
# layer, /proc, a minimal /dev, a private /tmp and /dev/shm, and the shared tmpfs; then chroots, drops to the user
# and execs the command, which so becomes process 1 itself.
# Arguments: rootfs hostname java_home passwd group shared_src shared_dst uid gid workdir env-count env... cmd...
container_init() {
    local rootfs="$1" name="$2" jdk="$3" passwd="$4" group="$5" shared="$6" shared_at="$7" uid="$8" gid="$9"
    local workdir="${10}" envs="${11}"
    shift 11
    local -a env_args=("${@:1:$envs}")
    shift "$envs"
    hostname "$name"
    mount --bind /usr "$rootfs/usr" && mount -o remount,bind,ro "$rootfs/usr"
    mount --bind /etc "$rootfs/etc" && mount -o remount,bind,ro "$rootfs/etc"
    mount --bind "$passwd" "$rootfs/etc/passwd"
    mount --bind "$group" "$rootfs/etc/group"
    mount --bind "$jdk" "$rootfs/opt/java/openjdk" && mount -o remount,bind,ro "$rootfs/opt/java/openjdk"
    local dir
    for dir in lib lib32 lib64 libx32; do
        if [[ -d "$rootfs/$dir" && ! -L "$rootfs/$dir" ]]; then
            mount --bind "/$dir" "$rootfs/$dir" && mount -o remount,bind,ro "$rootfs/$dir"
        fi
    done
    mount -t proc proc "$rootfs/proc"
    mount -t tmpfs -o size=1m,mode=0755 tmpfs "$rootfs/dev"
    for dir in null zero full random urandom; do
        touch "$rootfs/dev/$dir"
        mount --bind "/dev/$dir" "$rootfs/dev/$dir"
    done
    ln -s /proc/self/fd "$rootfs/dev/fd"
    mkdir "$rootfs/dev/shm"
    mount -t tmpfs -o size=64m,mode=1777 tmpfs "$rootfs/dev/shm"
    mount -t tmpfs -o size=64m,mode=1777 tmpfs "$rootfs/tmp"
    mkdir -p "$rootfs$shared_at"
    mount --bind "$shared" "$rootfs$shared_at"
    exec chroot "$rootfs" /usr/bin/setpriv --reuid="$uid" --regid="$gid" --groups="$gid" --no-new-privs -- \
        /usr/bin/env -i -C "$workdir" "${env_args[@]}" "$@"
}

# start NAME EXAMPLE UID:GID SHARED_SRC SHARED_AT ENV... -- ARGS...: starts a container running the image's
# ENTRYPOINT with ARGS (the image's CMD if none), with the image's ENV plus the given ENV (as compose sets them).
start() {
    local name="$1" example="$2" user="$3" shared="$4" shared_at="$5"
    shift 5
    local -a env_args=("PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        "JAVA_HOME=/opt/java/openjdk" "LANG=C.UTF-8" "HOSTNAME=$name" "HOME=/nonexistent" "${image_env[@]}")
    while [[ $# -gt 0 && "$1" != -- ]]; do
        env_args+=("$1")
        shift
    done
    [[ $# -gt 0 ]] && shift
    local -a command_line=("${entrypoint[@]}")
    if [[ $# -gt 0 ]]; then command_line+=("$@"); else command_line+=("${cmd[@]}"); fi
    echo "run-containers: start $name (uid:gid $user): ${command_line[*]}" >"$work/$name.log"
    # expanded here, not in the background child: a command substitution there would fork a short-lived child of
    # the process that becomes unshare, which init_pid could take for the container's process 1
    local init
    init="$(declare -f container_init); container_init \"\$@\""
    unshare --mount --pid --ipc --net --uts --fork --kill-child --mount-proc -- \
        /bin/bash -c "$init" container_init \
        "$work/$example/rootfs" "$name" "$java_home" "$work/$example/passwd" "$work/$example/group" \
        "$shared" "$shared_at" "${user%%:*}" "${user##*:}" "$image_workdir" "${#env_args[@]}" "${env_args[@]}" \
        "${command_line[@]}" >>"$work/$name.log" 2>&1 </dev/null &
    container_pid[$name]=$!
}

# The host pid of a container's process 1 (the child of its unshare process).
init_pid() {
    local unshare_pid="${container_pid[$1]}" child="" tries=0
    while [[ -z "$child" && $tries -lt 200 ]]; do
        child="$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null || true)"
        child="${child%% *}"
        [[ -n "$child" ]] || sleep 0.05
        tries=$((tries + 1))
    done
    [[ -n "$child" ]] || fail "$1: its process 1 did not start"
    echo "$child"
}

# Waits until a container's process 1 is the JVM running the image's command, then checks that it is pid 1 of its
# own pid namespace, in namespaces of its own, as the expected user.
check_container() {
    local name="$1" uid="$2" pid tries=0
    pid="$(init_pid "$name")"
    while [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" != */java && $tries -lt 200 ]]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == */java ]] ||
        fail "$name: process 1 never became java: $(tail -n 5 "$work/$name.log")"
    local nspid
    nspid="$(awk '/^NSpid:/ {print $NF}' "/proc/$pid/status")"
    [[ "$nspid" == 1 ]] || fail "$name: the JVM is pid $nspid of its namespace, not 1"
    local ns
    for ns in mnt pid ipc net uts; do
        [[ "$(readlink "/proc/$pid/ns/$ns")" != "$(readlink "/proc/$$/ns/$ns")" ]] ||
            fail "$name: shares the $ns namespace with the test"
    done
    local real
    real="$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")"
    [[ "$real" == "$uid" ]] || fail "$name: runs as uid $real, not $uid"
    echo "run-containers: $name: java is pid 1 of its own mnt, pid, ipc, net and uts namespaces, uid $uid"
}

# Waits (bounded) for a container to end; records and returns nothing, fails on timeout.
await_exit() {
    local name="$1" pid="${container_pid[$1]}" waited=0
    while kill -0 "$pid" 2>/dev/null && [[ $waited -lt $((TIMEOUT_S * 10)) ]]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        show "$name"
        fail "$name did not end within ${TIMEOUT_S}s"
    fi
    local status=0
    wait "$pid" || status=$?
    container_status[$name]=$status
    unset "container_pid[$name]"
}

# Waits (bounded) until a container's output has at least N (default 1) lines matching a pattern.
await_count() {
    local name="$1" pattern="$2" count="${3:-1}" waited=0
    until [[ "$(grep -Ec -- "$pattern" "$work/$name.log" || true)" -ge "$count" ]]; do
        if ! kill -0 "${container_pid[$name]}" 2>/dev/null; then
            show "$name"
            fail "$name ended before printing /$pattern/ $count times"
        fi
        [[ $waited -lt $((TIMEOUT_S * 10)) ]] || { show "$name"; fail "$name did not print /$pattern/ $count times"; }
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Sends a signal to a container's process 1: TERM as docker stop and the kubelet do, KILL as the OOM killer or
# docker kill do.
signal() {
    local pid
    pid="$(init_pid "$2")"
    echo "run-containers: SIG$1 to $2 (its pid 1, host pid $pid)"
    kill "-$1" "$pid"
}

show() {
    sed "s/^/  [$1] /" "$work/$1.log"
}

expect_status() {
    [[ "${container_status[$1]}" == "$2" ]] || { show "$1"; fail "$1 exited ${container_status[$1]}, not $2"; }
}

# unshare reports a child killed by a signal as status 1 (util-linux 2.38 cannot re-raise SIGKILL on itself).
expect_killed() {
    [[ "${container_status[$1]}" != 0 ]] || { show "$1"; fail "$1 exited 0 after SIGKILL"; }
}

expect_line() {
    grep -Eq -- "$2" "$work/$1.log" || { show "$1"; fail "$1 did not print /$2/"; }
}

# A value from the example's docker-compose.yml, by a sed expression (the test uses the compose file's own sizes).
compose_value() {
    local value
    value="$(sed -n "$2" "$here/$1/docker-compose.yml" | head -n 1)"
    [[ -n "$value" ]] || fail "examples/$1/docker-compose.yml: no value for $2"
    echo "$value"
}

# --- The examples ------------------------------------------------------------------------------------------------

run_sensors() {
    parse_dockerfile sensors
    build_rootfs sensors
    local channels="$work/sensors/channels" options
    options="$(compose_value sensors 's/^ *o: "\(.*\)"$/\1/p')"
    mkdir -p "$channels"
    mount -t tmpfs -o "$options" tmpfs "$channels"
    echo "run-containers: sensors: channel volume: tmpfs -o $options at /shimmy in every container"
    local at=/shimmy
    start stats sensors 10002:10001 "$channels" "$at" SHIMMY_DIR=$at -- stats --runs 1
    start alerts sensors 10003:10001 "$channels" "$at" SHIMMY_DIR=$at -- alerts --runs 1 --threshold 30
    start publish sensors "$image_user" "$channels" "$at" SHIMMY_DIR=$at -- publish --subscribers 2 --rate 20000
    check_container stats 10002
    check_container alerts 10003
    check_container publish "${image_user%%:*}"
    await_count publish 'readings/s \(' 2
    # A subscriber container dies (SIGKILL: no chance to release its slot) and is restarted: the publisher is held
    # back by the dead one until its heartbeat is older than the liveness timeout (5 s), then evicts it; the new one
    # joins at the latest reading; the other subscriber loses nothing.
    signal KILL alerts
    await_exit alerts
    expect_killed alerts
    start alerts2 sensors 10003:10001 "$channels" "$at" SHIMMY_DIR=$at -- alerts --runs 1 --threshold 30
    check_container alerts2 10003
    await_count alerts2 'first reading received is #'
    local lines
    lines="$(grep -Ec 'readings/s \(' "$work/publish.log" || true)"
    await_count publish 'readings/s \(' $((lines + 2))
    signal TERM publish
    await_exit publish
    await_exit stats
    await_exit alerts2
    show publish
    show stats
    show alerts
    show alerts2
    expect_status publish 0
    expect_status stats 0
    expect_status alerts2 0
    local summary count run
    summary="$(grep -E 'done: [0-9,]+ readings of 8 sensors' "$work/publish.log")" ||
        fail "publish printed no summary"
    [[ "$summary" == *"stopped by signal"* ]] || fail "publish did not stop by SIGTERM: $summary"
    count="$(sed -E 's/.*done: ([0-9,]+) readings.*/\1/' <<<"$summary")"
    run="$(sed -E 's/.*run ([0-9a-f]{16}).*/\1/' <<<"$summary")"
    expect_line stats "run $run complete: all $count readings received in order"
    expect_line stats 'latency of all readings: p50 '
    expect_line alerts2 "run $run ended: [0-9,]+ readings received in order from #[0-9,]+ \(joined late\)"
    local listing
    listing="$(stat -c '%A %u:%g %n' "$channels"/sensors)"
    [[ "$listing" == "-rw-rw---- 10001:10001 "* ]] || fail "the topic file is not mode 0660 of 10001:10001: $listing"
    # A container of a user outside the group is refused, in one line, with exit status 1.
    start outsider sensors 10004:10004 "$channels" "$at" SHIMMY_DIR=$at -- stats --wait-timeout 1s
    await_exit outsider
    show outsider
    expect_status outsider 1
    [[ "$(grep -c . "$work/outsider.log")" -eq 2 ]] || fail "outsider: more than one line of error"
    expect_line outsider '^shimmy-sensors stats: .*(ermission|denied)'
    echo "run-containers: sensors: $count readings from the publisher (uid 10001) reached stats (uid 10002)" \
        "complete and in order; alerts (uid 10003) was killed, restarted and rejoined; an outsider (uid 10004) was" \
        "refused; topic file: $listing"
    umount "$channels"
}

run_frames() {
    parse_dockerfile frames
    build_rootfs frames
    local shm="$work/frames/shm" size
    size="$(compose_value frames 's/^ *shm_size: *\([0-9]*\)mb$/\1/p')"
    mkdir -p "$shm"
    mount -t tmpfs -o "size=${size}m,mode=1777" tmpfs "$shm"
    echo "run-containers: frames: shared IPC /dev/shm: tmpfs of ${size} MiB (shm_size), mode 1777"
    start sink frames "$image_user" "$shm" /dev/shm --
    check_container sink "${image_user%%:*}"
    await_count sink 'listening on stream'
    start source1 frames 10002:10001 "$shm" /dev/shm -- source --frames 120 --fps 0
    check_container source1 10002
    await_exit source1
    start source2 frames 10002:10001 "$shm" /dev/shm -- source --file "$copy_dst" --chunk 256k
    await_exit source2
    # A source container dies in the middle of a transfer (SIGKILL): the sink notices within the liveness timeout,
    # reports the transfer broken off, removes the connection and serves the restarted source.
    start source3 frames 10002:10001 "$shm" /dev/shm -- source --fps 30
    await_count source3 'frames/s'
    signal KILL source3
    await_exit source3
    expect_killed source3
    await_count sink 'connection 3 broken off'
    start source4 frames 10002:10001 "$shm" /dev/shm -- source --frames 30 --fps 0
    await_exit source4
    await_count sink 'connection 4 verified'
    signal TERM sink
    await_exit sink
    show sink
    show source1
    show source2
    show source3
    show source4
    expect_status source1 0
    expect_status source2 0
    expect_status source4 0
    expect_status sink 0
    expect_line source1 'done: the sink verified 120 frames, 110,592,000 bytes'
    local sha
    sha="$(sha256sum "$work/frames/rootfs$copy_dst" | cut -d ' ' -f 1)"
    expect_line source2 "done: the sink verified [0-9,]+ frames, [0-9,]+ bytes, sha256 $sha"
    expect_line sink "connection 2 verified: [0-9,]+ frames, [0-9,]+ bytes .*sha256 $sha"
    expect_line source4 'done: the sink verified 30 frames'
    expect_line sink 'done: 4 transfers, 3 verified, 0 failed, 1 broken off.*stopped by signal'
    local left
    left="$(find "$shm" -mindepth 2 -name 'frames@*' | wc -l)"
    [[ "$left" -eq 0 ]] || fail "connection files were left in /dev/shm/shimmy: $(ls -la "$shm"/shimmy)"
    local dir_mode
    dir_mode="$(stat -c '%A %u:%g' "$shm/shimmy")"
    echo "run-containers: frames: transfers from sources (uid 10002) to the sink (uid 10001) verified, one of" \
        "them the image's own jar (sha256 $sha); a killed source was noticed and the sink went on serving;" \
        "/dev/shm/shimmy is $dir_mode, no connection file left"
    umount "$shm"
}

passed=0
failed=0
for example in "${examples[@]}"; do
    echo "run-containers: === $example"
    if ( trap kill_containers EXIT; "run_$example" ); then
        passed=$((passed + 1))
        echo "run-containers: PASS $example"
    else
        failed=$((failed + 1))
        echo "run-containers: FAIL $example"
    fi
done
echo "run-containers: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
