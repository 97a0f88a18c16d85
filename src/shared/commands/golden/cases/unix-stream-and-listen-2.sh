# unix-stream-and-listen-2

# listener ul on unix:/run/a$b.sock (BIO_SOCK_NONBLOCK), steps 1, 2
socat 'UNIX-LISTEN:/run/a$b.sock' STDIO
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -U -l -- '/run/a$b.sock'
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
openssl s_server -unix '/run/a$b.sock' -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do

# connection uc to unix:/run/a$b.sock, steps 3, 4
socat STDIO 'UNIX-CONNECT:/run/a$b.sock'
ncat -U -- '/run/a$b.sock'
openssl s_client -unix '/run/a$b.sock'
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries

# listener b on 127.0.0.1:8123 (BIO_SOCK_REUSEADDR), steps 5, 6, 7
socat TCP4-LISTEN:8123,bind=127.0.0.1,reuseaddr,backlog=0 STDIO
ncat -4 -l -- 127.0.0.1 8123
#   ncat: ncat has no option for the listen backlog (0)
openssl s_server -4 -accept 127.0.0.1:8123 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server has no option for the listen backlog (0)

# connection n to 127.0.0.1:8123, steps 8, 9, 11
socat STDIO TCP4:127.0.0.1:8123
ncat -4 -- 127.0.0.1 8123
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:8123
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# listener w6 on [::]:8124, steps 12, 13, 14
socat TCP6-LISTEN:8124,ipv6only=0,backlog=1 STDIO
ncat -6 -l -- 8124
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat -6 sets IPV6_V6ONLY on its listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients
#   ncat: ncat has no option for the listen backlog (1)
openssl s_server -6 -accept 8124 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: s_server sets IPV6_V6ONLY on an IPv6 listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients
#   openssl: s_server has no option for the listen backlog (1)

# steps with no equivalent command:
#   step 9 listen(n, 5): listen(2) on n, which was never bound: the kernel would pick a port nobody can name
#   step 10 BIO_connect(nobody, addr, 0): acts on socket nobody, which no earlier BIO_socket in this scenario made
