# UDP: bind, connect and a datagram through socket BIOs

# receiver u on 127.0.0.1:$PORT_u, steps 1, 2
#   set PORT_u first: a port for u (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat UDP4-LISTEN:"$PORT_u",bind=127.0.0.1 STDIO
ncat -u -4 -l -- 127.0.0.1 "$PORT_u"
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# connection v to 127.0.0.1:$PORT_u, steps 3, 4
#   set PORT_u first: the port socket u is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO UDP4:127.0.0.1:"$PORT_u"
ncat -u -4 -- 127.0.0.1 "$PORT_u"
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# connection w to 127.0.0.1:$PORT_u (BIO_SOCK_NODELAY), steps 7, 8
#   set PORT_u first: the port socket u is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO UDP4:127.0.0.1:"$PORT_u"
#   socat: BIO_SOCK_NODELAY is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces
ncat -u -4 -- 127.0.0.1 "$PORT_u"
#   ncat: BIO_SOCK_NODELAY is a TCP option: on a datagram socket the call fails setting it (ret 0), which no command reproduces
# openssl: no equivalent
#   openssl: openssl has no command for plain datagrams: s_server and s_client -dtls speak DTLS, a different protocol

# steps with no equivalent command:
#   step 5 BIO_write(bio_v, data, 4): no option sends data: type it into the command (its standard input)
#   step 6 BIO_read(bio_u, buf, 64): no option reads: the command prints what it receives
#   step 9 BIO_closesocket(w): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 10 BIO_closesocket(v): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 11 BIO_closesocket(u): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
