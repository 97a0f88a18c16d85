# Nagle and delayed ACKs: the 40 ms stall BIO_SOCK_NODELAY removes

# listener l on 127.0.0.1:$PORT_l, steps 1, 2
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1 STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection nagle to 127.0.0.1:$PORT_l, steps 3, 4
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l"
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# connection nodelay to 127.0.0.1:$PORT_l (BIO_SOCK_NODELAY), steps 29, 30
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nodelay
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries

# steps with no equivalent command:
#   step 5 served1 = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 6 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 7 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 8 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 9 poll(&(struct pollfd){ served1, POLLIN }, 1, 5000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 10 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 11 BIO_write(bio_served1, data, 2): no option sends data: type it into the command (its standard input)
#   step 12 BIO_read(bio_nagle, buf, 2): no option reads: the command prints what it receives
#   step 13 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 14 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 15 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 16 poll(&(struct pollfd){ served1, POLLIN }, 1, 5000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 17 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 18 BIO_write(bio_served1, data, 2): no option sends data: type it into the command (its standard input)
#   step 19 BIO_read(bio_nagle, buf, 2): no option reads: the command prints what it receives
#   step 20 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 21 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 22 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 23 poll(&(struct pollfd){ served1, POLLIN }, 1, 5000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 24 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 25 BIO_write(bio_served1, data, 2): no option sends data: type it into the command (its standard input)
#   step 26 BIO_read(bio_nagle, buf, 2): no option reads: the command prints what it receives
#   step 27 BIO_closesocket(nagle): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 28 BIO_closesocket(served1): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 31 served2 = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 32 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 33 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 34 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 35 poll(&(struct pollfd){ served2, POLLIN }, 1, 5000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 36 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 37 BIO_write(bio_served2, data, 2): no option sends data: type it into the command (its standard input)
#   step 38 BIO_read(bio_nodelay, buf, 2): no option reads: the command prints what it receives
#   step 39 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 40 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 41 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 42 poll(&(struct pollfd){ served2, POLLIN }, 1, 5000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 43 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 44 BIO_write(bio_served2, data, 2): no option sends data: type it into the command (its standard input)
#   step 45 BIO_read(bio_nodelay, buf, 2): no option reads: the command prints what it receives
#   step 46 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 47 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 48 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 49 poll(&(struct pollfd){ served2, POLLIN }, 1, 5000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 50 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 51 BIO_write(bio_served2, data, 2): no option sends data: type it into the command (its standard input)
#   step 52 BIO_read(bio_nodelay, buf, 2): no option reads: the command prints what it receives
#   step 53 BIO_closesocket(nodelay): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 54 BIO_closesocket(served2): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 55 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
