## listener
# listener s on *:4433 (BIO_SOCK_REUSEADDR, BIO_SOCK_NONBLOCK)
socat TCP4-LISTEN:4433,reuseaddr STDIO
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -4 -l -- 4433
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
openssl s_server -4 -accept 4433 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do

## listener v6
# listener s on [::]:4433 (BIO_SOCK_V6_ONLY, BIO_SOCK_TFO)
socat TCP6-LISTEN:4433,ipv6only=1 STDIO
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
ncat -6 -l -- 4433
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
openssl s_server -6 -accept 4433 -cert cert.pem -key key.pem -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

## accepted
# listener fd12 on 127.0.0.1:4433 (BIO_SOCK_KEEPALIVE)
#   fd12 was accepted by a listener on 127.0.0.1:4433: these commands listen there and accept one connection, as that listener did
socat TCP4-LISTEN:4433,bind=127.0.0.1,keepalive STDIO
#   socat: socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit
ncat -4 -l -- 127.0.0.1 4433
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
openssl s_server -4 -accept 127.0.0.1:4433 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: openssl s_server has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)

## client
# connection s to [::1]:4433
socat STDIO 'TCP6:[\:\:1]:4433'
ncat -6 -- ::1 4433
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -6 -connect '[::1]:4433'
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

## datagram connected
# connection s to 127.0.0.1:53
socat STDIO UDP4:127.0.0.1:53
ncat -u -4 -- 127.0.0.1 53
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

## datagram bound
# receiver s on 127.0.0.1:5353
socat UDP4-LISTEN:5353,bind=127.0.0.1 STDIO
ncat -u -4 -l -- 127.0.0.1 5353
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

## unix listener
# listener s on unix:/run/x$y.sock
socat 'UNIX-LISTEN:/run/x$y.sock' STDIO
ncat -U -l -- '/run/x$y.sock'
openssl s_server -unix '/run/x$y.sock' -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

## closed
why: s is closed

## new
why: s neither listens nor is connected yet: a command only listens or connects

## listener not bound
why: s neither listens nor is connected yet: a command only listens or connects

## client with no peer
why: s neither listens nor is connected yet: a command only listens or connects

## other family
why: a AF_PACKET socket has no command equivalent
