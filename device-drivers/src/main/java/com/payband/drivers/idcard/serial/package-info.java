/**
 * The GA/T 467 serial driver: Chinese resident ID card readers with a SAM behind a USB-serial chip,
 * behind the {@link com.payband.drivers.idcard.IdCardReader} port.
 *
 * <ul>
 *   <li>Wire: {@link com.payband.drivers.idcard.serial.Frames} and the streaming
 *       {@link com.payband.drivers.idcard.serial.FrameDecoder}; {@link com.payband.drivers.idcard.serial.SamCommand},
 *       {@link com.payband.drivers.idcard.serial.SamStatus} (every status mapped to a typed failure).</li>
 *   <li>Content: {@link com.payband.drivers.idcard.serial.CardData},
 *       {@link com.payband.drivers.idcard.serial.ResidentCardText}; WLT photos through the
 *       {@link com.payband.drivers.idcard.serial.WltDecoder} plug-in or a placeholder
 *       ({@link com.payband.drivers.idcard.serial.WltPortraits}).</li>
 *   <li>The reader: {@link com.payband.drivers.idcard.serial.SerialIdCardReader} over a
 *       {@link com.payband.drivers.idcard.serial.SerialLink} (jSerialComm).</li>
 *   <li>Finding readers: {@link com.payband.drivers.idcard.serial.PortRanking} of
 *       {@link com.payband.drivers.idcard.serial.PortCandidate}s, confirmed by
 *       {@link com.payband.drivers.idcard.serial.SerialReaderDiscovery}; hot-plug by
 *       {@link com.payband.drivers.idcard.serial.DeviceWatcher}.</li>
 * </ul>
 *
 * <p>Depends on the reader port, {@code idcard.check}, jSerialComm, SLF4J and the JDK (java.awt only to
 * draw the photo placeholder). The simulator of such a reader, speaking the same bytes over a real
 * serial line or pty, is in {@code serial.sim}; this package never depends on it.
 */
package com.payband.drivers.idcard.serial;
