# A second libvirtd for the remote-host tests, sourced after tests/lib.sh:
# in a private mount namespace, with tmpfs over libvirt's state (its
# persistent pools and domains in /etc/libvirt too), the
# caches, the temporary directories and the test's scratch directory, so
# that it sees none of the client's files; listening on TCP on loopback
# only, without authentication.  The test starts and stops it by PID.

remote_port=${EB_REMOTE_PORT:-$((16500 + $$ % 400))}
remote_uri="qemu+tcp://127.0.0.1:$remote_port/system"
remote_dir=$(guest_tmp)
# Its configuration and log, where it can read them.
remote_conf=$(mktemp -d "${EB_BUILDDIR:-.}/tests/remote-conf.XXXXXX")
# Over TLS too, with a CA, a server and a client certificate of the test's
# own (the client's in pkipath, not in this machine's /etc/pki).
remote_tls_uri="qemu+tls://127.0.0.1:$((remote_port + 800))/system?pkipath=$remote_conf/pki"

# remote_certs: the CA, the server's certificate for 127.0.0.1 and the client's, with openssl.
remote_certs() {
	local pki=$remote_conf/pki
	mkdir -p "$pki" && command -v openssl >/dev/null || return 1
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$pki/server.ext"
	printf 'extendedKeyUsage=clientAuth\n' >"$pki/client.ext"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=eudyptula-boot test CA" \
		-keyout "$pki/cakey.pem" -out "$pki/cacert.pem" 2>/dev/null &&
	for who in server client; do
		openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1/O=$who" -keyout "$pki/${who}key.pem" -out "$pki/$who.csr" 2>/dev/null &&
			openssl x509 -req -in "$pki/$who.csr" -CA "$pki/cacert.pem" -CAkey "$pki/cakey.pem" -CAcreateserial -days 2 \
				-extfile "$pki/$who.ext" -out "$pki/${who}cert.pem" 2>/dev/null || return 1
	done
}

# remote_start: start it and wait until it answers (30 s; once more if not).
remote_start() {
	local tls=0 attempt
	remote_certs && tls=1
	cat >"$remote_conf/libvirtd.conf" <<EOF
listen_tls = $tls
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$remote_port"
auth_tcp = "none"
tls_port = "$((remote_port + 800))"
key_file = "$remote_conf/pki/serverkey.pem"
cert_file = "$remote_conf/pki/servercert.pem"
ca_file = "$remote_conf/pki/cacert.pem"
EOF
	for attempt in 1 2; do
		remote_launch
		if remote_answers; then
			remote_logd=$(nsenter -t "$remote_pid" -m cat /run/libvirt/virtlogd.pid 2>/dev/null)
			return 0
		fi
		# Seen once: QEMU probing its capabilities never answered the daemon.
		diag "the second libvirtd did not answer (attempt $attempt):" "$(tail -5 "$remote_conf/libvirtd.log")"
		remote_kill_all
	done
	return 1
}

# remote_launch: the daemon started, in the background; its PID in remote_pid.
remote_launch() {
	setsid unshare -m --propagation private sh -c '
		for d in /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt /etc/libvirt/storage /etc/libvirt/qemu \
			/root/.cache /tmp /var/tmp /home "$1"; do
			mkdir -p "$d" && mount -t tmpfs none "$d" || exit 1
		done
		mkdir -p /var/lib/libvirt/qemu /var/lib/libvirt/images /var/log/libvirt/qemu
		virtlogd -d -p /run/libvirt/virtlogd.pid
		exec libvirtd --listen -f "$2" -p /run/libvirt/remote.pid' sh "$EB_BUILDDIR/tests/scratch" "$remote_conf/libvirtd.conf" \
		</dev/null >"$remote_conf/libvirtd.log" 2>&1 &
	remote_pid=$!
}

# remote_answers: whether it answers within 30 s (each try bounded: a
# daemon can take a connection and never answer it).
remote_answers() {
	for _ in $(seq 150); do
		timeout 10 virsh -c "$remote_uri" version >/dev/null 2>&1 && return 0
		kill -0 "$remote_pid" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# remote_kill_all: every process in its mount namespace killed (it, its
# virtlogd, a QEMU it started), the namespace with them.
remote_kill_all() {
	local ns proc
	ns=$(readlink "/proc/$remote_pid/ns/mnt" 2>/dev/null) || return 0
	for proc in /proc/[0-9]*; do
		[ "$(readlink "$proc/ns/mnt" 2>/dev/null)" = "$ns" ] && kill -9 "${proc#/proc/}" 2>/dev/null
	done
	wait "$remote_pid" 2>/dev/null
	remote_pid=
}

# remote_qemus: the PIDs of the QEMU processes of its domains, found by
# their names (libvirt daemonizes QEMU, each in a mount namespace of its own).
remote_qemus() {
	local name
	[ -n "${remote_pid:-}" ] || return 0
	for name in $(timeout 30 virsh -q -c "$remote_uri" list --name 2>/dev/null); do
		pgrep -f "qemu-system.* -name guest=$name," 2>/dev/null
	done
	return 0
}

# remote_stop: its domains destroyed, then it, its QEMUs and its virtlogd gone.
remote_stop() {
	local name qemus
	[ -n "${remote_pid:-}" ] || return 0
	for name in $(timeout 30 virsh -q -c "$remote_uri" list --name 2>/dev/null); do
		timeout 30 virsh -q -c "$remote_uri" destroy "$name" >/dev/null 2>&1
	done
	qemus=$(remote_qemus)
	kill "$remote_pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$remote_pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$remote_pid" $qemus 2>/dev/null
	[ -z "${remote_logd:-}" ] || kill "$remote_logd" 2>/dev/null
	remote_pid=
}
