# datagrams

# receiver u on 127.0.0.1:9000 (BIO_SOCK_REUSEADDR), steps 1, 2
socat UDP4-LISTEN:9000,bind=127.0.0.1,reuseaddr STDIO
ncat -u -4 -l -- 127.0.0.1 9000
#   ncat: ncat has no option for SO_REUSEADDR here (BIO_SOCK_REUSEADDR)
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# connection u6 to [::1]:9000 (BIO_SOCK_KEEPALIVE, BIO_SOCK_NODELAY, BIO_SOCK_TFO), steps 3, 4
socat STDIO 'UDP6:[\:\:1]:9000'
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
#   socat: BIO_SOCK_NODELAY is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces
#   socat: BIO_SOCK_TFO is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces
ncat -u -6 -- ::1 9000
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   ncat: BIO_SOCK_NODELAY is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces
#   ncat: BIO_SOCK_TFO is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# receiver ud on unix:$TMP_DIR/recv.sock, steps 5, 6
#   set TMP_DIR first: a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)
socat UNIX-RECVFROM:"$TMP_DIR"/recv.sock STDIO
ncat -u -U -l -- "$TMP_DIR"/recv.sock
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# receiver ud on unix:$TMP_DIR/recv.sock (BIO_SOCK_REUSEADDR, BIO_SOCK_NONBLOCK), steps 5, 6, 7
#   set TMP_DIR first: a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)
socat UNIX-RECVFROM:"$TMP_DIR"/recv.sock STDIO
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -u -U -l -- "$TMP_DIR"/recv.sock
#   ncat: ncat has no option for SO_REUSEADDR here (BIO_SOCK_REUSEADDR)
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# connection us to unix:$TMP_DIR/recv.sock, steps 8, 9
#   set TMP_DIR first: a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)
socat STDIO UNIX-SENDTO:"$TMP_DIR"/recv.sock
ncat -u -U -- "$TMP_DIR"/recv.sock
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol
