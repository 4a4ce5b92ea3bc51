#!/bin/bash
# Boot tests: network and forwards, the user, the home directory and shares, extra consoles.
. "${EB_SRCDIR:-.}/tests/lib.sh"
require_libvirt

# --net: the guest reaches a server on the host's loopback through the gateway.
port=$((20000 + RANDOM % 20000))
mkdir -p "$tmp/www" && echo "from-the-host" >"$tmp/www/index.txt"
(cd "$tmp/www" && exec python3 -m http.server --bind 127.0.0.1 "$port") >/dev/null 2>&1 &
server=$!
sleep 1
got=$(eb --net -- bash -c "ip -4 -o addr show | grep -o '10.0.2.15/24'; ip route | grep -o 'default via 10.0.2.2'; grep -o 10.0.2.3 /etc/resolv.conf;
	exec 3<>/dev/tcp/10.0.2.2/$port; printf 'GET /index.txt HTTP/1.0\r\n\r\n' >&3; tail -n 1 <&3" </dev/null 2>"$tmp/err")
kill "$server" 2>/dev/null
check "--net: address 10.0.2.15/24" grep -q "10.0.2.15/24" <<<"$got"
check "--net: default route via 10.0.2.2" grep -q "default via 10.0.2.2" <<<"$got"
check "--net: resolv.conf names 10.0.2.3" grep -qx "10.0.2.3" <<<"$got"
check "--net: a server on the host's loopback is reached" grep -qx "from-the-host" <<<"$got"
[ -n "$got" ] || diag "$(cat "$tmp/err")"
check "--net leaves the host's resolv.conf alone" sh -c "! grep -q '^nameserver 10.0.2.3$' /etc/resolv.conf"

# --forward: the host reaches a server in the guest, as in the workflow's ssh -p 4444.
hport=$((20000 + RANDOM % 20000))
# The tool itself in the background (not the eb function's subshell), so that
# the kill below reaches it.
"$EB" -s --accel=tcg --timeout=180 --name="${domain_prefix}forward" --net --forward="127.0.0.1:$hport:8080" -- sh -c 'mkdir /tmp/www && echo from-the-guest >/tmp/www/index.txt &&
	cd /tmp/www && timeout 60 python3 -m http.server 8080 >/dev/null 2>&1' </dev/null >/dev/null 2>"$tmp/err" &
guest=$!
got=
for _ in $(seq 120); do
	got=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.0.1:$hport/index.txt', timeout=2).read().decode().strip())" 2>/dev/null) && break
	sleep 1
done
check "--forward: the host reaches the guest's server (got '$got')" test "$got" = from-the-guest
kill -TERM "$guest" 2>/dev/null
wait "$guest" 2>/dev/null
expect_status 125 "--forward without --net is refused" "$EB" --dump-xml --forward=4444:22

# -u: the command runs as the invoking user (here the user behind sudo, when root).
if id nobody >/dev/null 2>&1; then
	got=$(SUDO_UID=$(id -u nobody) eb -u -- sh -c 'id -u; id -g' </dev/null 2>"$tmp/err")
	check "-u runs as the invoking user ($(tr '\n' ' ' <<<"$got"))" test "$got" = "$(id -u nobody; id -g nobody)"
	# sudo works for that user in the guest, through a sudoers mounted over the host's.
	if [ -e /etc/sudoers ] && command -v sudo >/dev/null; then
		sum=$(md5sum </etc/sudoers)
		got=$(SUDO_UID=$(id -u nobody) eb -u -- sudo -n id -u </dev/null 2>"$tmp/err")
		check "-u: sudo works in the guest (got '$got')" test "$got" = 0
		check "and the host's sudoers is untouched" test "$(md5sum </etc/sudoers)" = "$sum"
	else
		skip "sudo is not installed"
		skip "sudo is not installed"
	fi
fi
got=$(eb -- id -u </dev/null 2>"$tmp/err")
check "without -u, root in the guest" test "$got" = 0

# The home directory is shared read-write; --no-home leaves it out; --share adds more.
home=$(guest_tmp)
HOME=$home eb -- sh -c 'echo written-in-guest >"$HOME/from-guest"' </dev/null 2>"$tmp/err"
check "the home directory is shared read-write" test "$(cat "$home/from-guest" 2>/dev/null)" = written-in-guest
rm -f "$home/from-guest"
HOME=$home eb --no-home -- sh -c 'echo x >"$HOME/from-guest"' </dev/null 2>"$tmp/err"
check "--no-home: writes stay in the overlay" test ! -e "$home/from-guest"
share=$(guest_tmp)
echo shared >"$share/file"
got=$(eb --share="$share:/mnt/ro:ro" --share="$share:/mnt/rw" -- sh -c \
	'cat /mnt/ro/file; echo new >/mnt/rw/new; touch /mnt/ro/fail 2>/dev/null && echo writable' </dev/null 2>"$tmp/err")
check "--share=DIR:GUESTDIR:ro is readable" test "$(head -n 1 <<<"$got")" = shared
if grep -q writable <<<"$got"; then not_ok "--share=DIR:GUESTDIR:ro refuses writes"; else ok "--share=DIR:GUESTDIR:ro refuses writes"; fi
check "--share=DIR:GUESTDIR writes reach the host" test "$(cat "$share/new" 2>/dev/null)" = new
expect_status 125 "--share of a missing directory is refused" "$EB" --dump-xml --share="$tmp/none"
rm -rf "$home" "$share"

# --extra-gettys: a login shell on the second console, through virsh console in tmux.
if command -v tmux >/dev/null; then
	name="${domain_prefix}gettys"
	"$EB" -s --accel=tcg --timeout=300 --name="$name" --extra-gettys=1 -- sleep 240 </dev/null >/dev/null 2>&1 &
	guest=$!
	wait_running "$name"
	sleep 8
	sock="eb-gettys-$$"
	tmux -L "$sock" -f /dev/null new-session -d -s g -x 100 -y 30 "virsh console $name --devname console2"
	wait_prompt "$sock" g
	tmux -L "$sock" send-keys -t g 'echo getty-$((6*7))' Enter
	check "--extra-gettys=1: a shell answers on virsh console --devname console2" pane_shows "$sock" g "getty-42"
	tmux_stop "$sock"
	# The same console on its socket, once virsh has let it go.
	tmux -L "$sock" -f /dev/null new-session -d -s s -x 100 -y 30 \
		"socat STDIO,raw,echo=0 UNIX:$(run_dir_of "$name")/console1.sock"
	wait_prompt "$sock" s
	tmux -L "$sock" send-keys -t s 'echo socket-$((6*7))' Enter
	check "--extra-gettys=1: the same shell answers on console1.sock through socat" pane_shows "$sock" s "socket-42"
	# --foreground: in a process group of its own, virsh may stop on its
	# terminal before it asks for the console.
	script -qc "timeout --foreground 20 virsh console $name --devname console2" /dev/null </dev/null >"$tmp/busy" 2>&1
	check "while socat holds it, virsh console says it is taken" grep -q "Active console session" "$tmp/busy" ||
		diag "virsh console:" "$(cat "$tmp/busy")"
	tmux_stop "$sock"
	kill -TERM "$guest" 2>/dev/null
	wait "$guest" 2>/dev/null
else
	skip "tmux is not installed"
fi

check "no domain left" no_domain_left
done_testing
