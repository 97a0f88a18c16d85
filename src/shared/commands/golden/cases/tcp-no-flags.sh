# tcp-no-flags

# listener l6 on [::]:7001, steps 1, 2
socat TCP6-LISTEN:7001,ipv6only=0 STDIO
ncat -6 -l -- 7001
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat -6 sets IPV6_V6ONLY on its listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients
openssl s_server -6 -accept 7001 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: s_server sets IPV6_V6ONLY on an IPv6 listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients

# listener l4 on *:http, steps 3, 4
socat TCP4-LISTEN:http STDIO
ncat -4 -l -- http
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept http -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection c6 to [::1]:7001, steps 5, 6
socat STDIO 'TCP6:[\:\:1]:7001'
ncat -6 -- ::1 7001
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -6 -connect '[::1]:7001'
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# connection c to localhost:7001, steps 7, 8, 9
socat STDIO TCP4:localhost:7001,bind=:6000
ncat -4 -p 6000 -- localhost 7001
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect localhost:7001 -bind :6000
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
