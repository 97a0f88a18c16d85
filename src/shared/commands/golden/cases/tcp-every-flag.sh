# tcp-every-flag

# listener l4 on 10.0.0.1:7000 (BIO_SOCK_REUSEADDR, BIO_SOCK_V6_ONLY, BIO_SOCK_KEEPALIVE, BIO_SOCK_NONBLOCK, BIO_SOCK_NODELAY, BIO_SOCK_TFO), steps 1, 2
socat TCP4-LISTEN:7000,bind=10.0.0.1,reuseaddr,keepalive,nodelay STDIO
#   socat: socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -4 -l -- 10.0.0.1 7000
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
openssl s_server -4 -accept 10.0.0.1:7000 -cert cert.pem -key key.pem -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
#   openssl: openssl s_server has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   openssl: s_server has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

# listener l6 on [::1]:$PORT_l6 (BIO_SOCK_REUSEADDR, BIO_SOCK_V6_ONLY, BIO_SOCK_KEEPALIVE, BIO_SOCK_NONBLOCK, BIO_SOCK_NODELAY, BIO_SOCK_TFO), steps 3, 4
#   set PORT_l6 first: a port for l6 (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP6-LISTEN:"$PORT_l6"',bind=[\:\:1],reuseaddr,keepalive,nodelay,ipv6only=1' STDIO
#   socat: socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -6 -l -- ::1 "$PORT_l6"
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
openssl s_server -6 -accept '[::1]:'"$PORT_l6" -cert cert.pem -key key.pem -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
#   openssl: openssl s_server has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   openssl: s_server has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

# connection c4 to 127.0.0.1:7000 (BIO_SOCK_REUSEADDR, BIO_SOCK_KEEPALIVE, BIO_SOCK_NONBLOCK, BIO_SOCK_NODELAY, BIO_SOCK_TFO), steps 5, 6, 7
socat STDIO TCP4:127.0.0.1:7000,bind=127.0.0.2,reuseaddr,keepalive,nodelay,nonblock
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
ncat -4 -s 127.0.0.2 -- 127.0.0.1 7000
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
#   ncat: ncat has no option for SO_REUSEADDR on a connection (BIO_SOCK_REUSEADDR)
openssl s_client -4 -connect 127.0.0.1:7000 -bind 127.0.0.2:0 -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect
#   openssl: openssl s_client has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

# connection c6 to [::1]:$PORT_l6 (BIO_SOCK_KEEPALIVE), steps 8, 9, 10
#   set PORT_l6 first: the port socket l6 is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO 'TCP6:[\:\:1]:'"$PORT_l6"',bind=[\:\:1]:5000,keepalive'
ncat -6 -s ::1 -p 5000 -- ::1 "$PORT_l6"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
openssl s_client -6 -connect '[::1]:'"$PORT_l6" -bind '[::1]:5000'
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: openssl s_client has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
